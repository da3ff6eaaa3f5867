/** Shapes shared by the member app's unit tests. */
import type { Ticket } from '@gonghui/contracts';

export const ticket: Ticket = {
  id: '1',
  activityId: '7',
  activityTitle: '珠江夜游',
  sessionId: '3',
  sessionName: '19:30',
  startsAt: '2026-10-01T11:30:00.000Z',
  seatNo: 12,
  n: 1,
  status: 'active',
  code: 'Tabc',
  qrDataUrl: null,
  createdAt: '2026-09-30T01:00:00.000Z',
  checkedInAt: null,
};
