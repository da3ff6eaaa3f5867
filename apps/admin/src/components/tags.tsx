import { Tag } from 'antd';
import { ADMIN_ROLE_LABELS, CADRE_POSITION_LABELS, ORG_LEVEL_LABELS } from '@gonghui/contracts';
import type {
  ActivityMode,
  ActivityStatus,
  AdminRole,
  AuditEntry,
  Cadre,
  CadrePosition,
  EntryStatus,
  IdentityReviewKind,
  IdentityReviewStatus,
  JoinRequestKind,
  JoinRequestStatus,
  Job,
  MemberStatus,
  OrgApplication,
  OrgLevel,
  OrgStatus,
  OrgType,
  Ticket,
} from '@gonghui/contracts';
import type { AdminMember } from '@gonghui/contracts';
import { useI18n } from '../i18n';

const MEMBER_STATUS_COLORS: Record<MemberStatus, string> = {
  registered: 'default',
  pending: 'gold',
  active: 'green',
  held: 'blue',
  ended: 'default',
};

export function MemberStatusTag({ status }: { status: MemberStatus }) {
  const { t } = useI18n();
  return <Tag color={MEMBER_STATUS_COLORS[status]}>{t(`memberStatus.${status}`)}</Tag>;
}

const VERIFICATION_COLORS: Record<AdminMember['verification'], string> = {
  unverified: 'default',
  pending: 'gold',
  verified: 'green',
  rejected: 'red',
};

export function VerificationTag({ status }: { status: AdminMember['verification'] }) {
  const { t } = useI18n();
  return <Tag color={VERIFICATION_COLORS[status]}>{t(`verification.${status}`)}</Tag>;
}

export function OrgLevelTag({ level }: { level: OrgLevel }) {
  const { lang } = useI18n();
  return <Tag color="geekblue">{ORG_LEVEL_LABELS[level][lang]}</Tag>;
}

export function OrgTypeText({ type }: { type: OrgType }) {
  const { t } = useI18n();
  return <>{t(`orgType.${type}`)}</>;
}

export function OrgStatusTag({ status }: { status: OrgStatus }) {
  const { t } = useI18n();
  return <Tag color={status === 'active' ? 'green' : 'default'}>{t(`orgStatus.${status}`)}</Tag>;
}

const ROLE_COLORS: Record<AdminRole, string> = {
  org_admin: 'red',
  member_admin: 'volcano',
  staff: 'blue',
  auditor: 'purple',
};

export function RoleTag({ role }: { role: AdminRole }) {
  const { lang } = useI18n();
  return <Tag color={ROLE_COLORS[role]}>{ADMIN_ROLE_LABELS[role][lang]}</Tag>;
}

const OUTCOME_COLORS: Record<AuditEntry['outcome'], string> = { success: 'green', failure: 'orange', denied: 'red' };

export function OutcomeTag({ outcome }: { outcome: AuditEntry['outcome'] }) {
  const { t } = useI18n();
  return <Tag color={OUTCOME_COLORS[outcome]}>{t(`outcome.${outcome}`)}</Tag>;
}

const APPLICATION_STATUS_COLORS: Record<OrgApplication['status'], string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

export function ApplicationStatusTag({ status }: { status: OrgApplication['status'] }) {
  const { t } = useI18n();
  return (
    <Tag color={APPLICATION_STATUS_COLORS[status]} data-testid="application-status" data-status={status}>
      {t(`applicationStatus.${status}`)}
    </Tag>
  );
}

const APPLICATION_KIND_COLORS: Record<OrgApplication['kind'], string> = { establish: 'blue', change: 'cyan', deregister: 'volcano' };

export function ApplicationKindTag({ kind }: { kind: OrgApplication['kind'] }) {
  const { t } = useI18n();
  return <Tag color={APPLICATION_KIND_COLORS[kind]}>{t(`applicationKind.${kind}`)}</Tag>;
}

const JOB_STATUS_COLORS: Record<Job['status'], string> = { queued: 'default', running: 'processing', succeeded: 'green', failed: 'red' };

export function JobStatusTag({ status }: { status: Job['status'] }) {
  const { t } = useI18n();
  return <Tag color={JOB_STATUS_COLORS[status]}>{t(`jobStatus.${status}`)}</Tag>;
}

export function CadreStatusTag({ status }: { status: Cadre['status'] }) {
  const { t } = useI18n();
  return <Tag color={status === 'serving' ? 'green' : 'default'}>{t(`cadreStatus.${status}`)}</Tag>;
}

export function CadrePositionText({ position }: { position: CadrePosition }) {
  const { lang } = useI18n();
  return <>{CADRE_POSITION_LABELS[position][lang]}</>;
}

const REVIEW_KIND_COLORS: Record<IdentityReviewKind, string> = { verification: 'blue', correction: 'purple', reclaim: 'orange' };

export function IdentityReviewKindTag({ kind }: { kind: IdentityReviewKind }) {
  const { t } = useI18n();
  return <Tag color={REVIEW_KIND_COLORS[kind]}>{t(`reviewKind.${kind}`)}</Tag>;
}

const REVIEW_STATUS_COLORS: Record<IdentityReviewStatus, string> = {
  awaiting_photos: 'default',
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

export function IdentityReviewStatusTag({ status }: { status: IdentityReviewStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={REVIEW_STATUS_COLORS[status]} data-testid="review-status" data-status={status}>
      {t(`reviewStatus.${status}`)}
    </Tag>
  );
}

const JOIN_KIND_COLORS: Record<JoinRequestKind, string> = { join: 'green', transfer: 'blue', join_from_held: 'purple' };

export function JoinKindTag({ kind }: { kind: JoinRequestKind }) {
  const { t } = useI18n();
  return <Tag color={JOIN_KIND_COLORS[kind]}>{t(`joinKind.${kind}`)}</Tag>;
}

export function JoinStatusTag({ status }: { status: JoinRequestStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={APPLICATION_STATUS_COLORS[status]} data-testid="join-status" data-status={status}>
      {t(`applicationStatus.${status}`)}
    </Tag>
  );
}

const ACTIVITY_STATUS_COLORS: Record<ActivityStatus, string> = { draft: 'default', published: 'green', closed: 'blue', cancelled: 'red' };

export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={ACTIVITY_STATUS_COLORS[status]} data-testid="activity-status" data-status={status}>
      {t(`activityStatus.${status}`)}
    </Tag>
  );
}

export function ActivityModeTag({ mode }: { mode: ActivityMode }) {
  const { t } = useI18n();
  return <Tag color={mode === 'lottery' ? 'purple' : 'volcano'}>{t(`activityMode.${mode}`)}</Tag>;
}

type TicketStatus = Ticket['status'];
const TICKET_STATUS_COLORS: Record<TicketStatus, string> = { active: 'blue', cancelled: 'default', checked_in: 'green' };

export function TicketStatusTag({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return <Tag color={TICKET_STATUS_COLORS[status]}>{t(`ticketStatus.${status}`)}</Tag>;
}

const ENTRY_STATUS_COLORS: Record<EntryStatus, string> = {
  registered: 'blue',
  won: 'gold',
  confirmed: 'green',
  lost: 'default',
  declined: 'default',
  expired: 'orange',
  withdrawn: 'default',
  waiting: 'purple',
};

export function EntryStatusTag({ status }: { status: EntryStatus }) {
  const { t } = useI18n();
  return <Tag color={ENTRY_STATUS_COLORS[status]}>{t(`entryStatus.${status}`)}</Tag>;
}
