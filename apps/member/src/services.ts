/** The service entries on the home page and the services tab. 找工会, 电子会员卡 and 活动抢票 are built so far. */
import type { ComponentType } from 'react';
import type { MessageKey } from './i18n';
import {
  BookIcon,
  CardIcon,
  GiftIcon,
  NewsIcon,
  PinIcon,
  PlayIcon,
  ScaleIcon,
  TicketIcon,
} from './components/icons';

export const SERVICE_KEYS = ['news', 'reading', 'courses', 'legal', 'activities', 'welfare', 'orgs', 'ecard'] as const;
export type ServiceKey = (typeof SERVICE_KEYS)[number];

export type ServiceGroup = 'membership' | 'learning' | 'benefits';

export interface ServiceEntry {
  key: ServiceKey;
  title: MessageKey;
  group: ServiceGroup;
  /** Where the entry leads; unbuilt modules go to their "coming soon" page. */
  path: string;
  color: string;
  Icon: ComponentType<{ size?: number | string }>;
  ready: boolean;
}

export const SERVICES: readonly ServiceEntry[] = [
  { key: 'news', title: 'service.news', group: 'learning', path: '/services/news', color: '#e8453c', Icon: NewsIcon, ready: false },
  { key: 'reading', title: 'service.reading', group: 'learning', path: '/services/reading', color: '#f08a24', Icon: BookIcon, ready: false },
  { key: 'courses', title: 'service.courses', group: 'learning', path: '/services/courses', color: '#2f80ed', Icon: PlayIcon, ready: false },
  { key: 'legal', title: 'service.legal', group: 'benefits', path: '/services/legal', color: '#5b5fc7', Icon: ScaleIcon, ready: false },
  { key: 'activities', title: 'service.activities', group: 'benefits', path: '/activities', color: '#e0407b', Icon: TicketIcon, ready: true },
  { key: 'welfare', title: 'service.welfare', group: 'benefits', path: '/services/welfare', color: '#f2994a', Icon: GiftIcon, ready: false },
  { key: 'orgs', title: 'service.orgs', group: 'membership', path: '/orgs', color: '#c8161d', Icon: PinIcon, ready: true },
  { key: 'ecard', title: 'service.ecard', group: 'membership', path: '/card', color: '#219a6f', Icon: CardIcon, ready: true },
];

export const SERVICE_GROUPS: ReadonlyArray<{ key: ServiceGroup; title: MessageKey }> = [
  { key: 'membership', title: 'services.group.membership' },
  { key: 'learning', title: 'services.group.learning' },
  { key: 'benefits', title: 'services.group.benefits' },
];

export function findService(key: string | undefined): ServiceEntry | undefined {
  return SERVICES.find((service) => service.key === key);
}
