/** One member: masked personal data with audited reveal, the membership timeline and its actions. */
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { App, Breadcrumb, Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import type { DescriptionsProps, TimelineProps } from 'antd';
import { ArrowLeftOutlined, EditOutlined, EyeInvisibleOutlined, EyeOutlined, ReloadOutlined, StopOutlined, VerticalAlignTopOutlined } from '@ant-design/icons';
import { END_REASONS, END_REASON_LABELS, canTransition } from '@gonghui/contracts';
import type { MemberDetail, MembershipEvent, MembershipEventKind } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import { useAuth } from '../auth';
import { LoadError } from '../components/load-error';
import { MemberEditModal, MemberEndModal, MemberHoldModal } from '../components/member-dialogs';
import { PageHeader } from '../components/page-header';
import { MemberStatusTag, VerificationTag } from '../components/tags';
import { useDialog } from '../components/use-dialog';
import { formatDate, formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useApi } from '../use-api';

/** Explicit colours: the named "blue" dot follows the theme's (red) primary colour. */
const GREEN = '#52c41a';
const BLUE = '#1677ff';
const RED = '#ff4d4f';
const GRAY = '#bfbfbf';
const EVENT_DOTS: Record<MembershipEventKind, string> = {
  added: GREEN,
  verified: GREEN,
  applied: BLUE,
  joined: GREEN,
  rejected: RED,
  withdrawn: GRAY,
  transferred_out: BLUE,
  transferred_in: BLUE,
  held: '#722ed1',
  ended: RED,
  edited: GRAY,
  org_deregistered: RED,
};
const EVENT_TAGS: Record<MembershipEventKind, string> = {
  added: 'green',
  verified: 'cyan',
  applied: 'gold',
  joined: 'green',
  rejected: 'red',
  withdrawn: 'default',
  transferred_out: 'blue',
  transferred_in: 'blue',
  held: 'purple',
  ended: 'default',
  edited: 'default',
  org_deregistered: 'volcano',
};

function isEndReason(value: string): value is (typeof END_REASONS)[number] {
  return (END_REASONS as readonly string[]).includes(value);
}

function MemberEvents({ events }: { events: MembershipEvent[] }) {
  const { t, lang } = useI18n();
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('memberDetail.noEvents')} />;
  const sorted = [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const items: NonNullable<TimelineProps['items']> = sorted.map((event) => ({
    key: event.id,
    color: EVENT_DOTS[event.kind],
    content: (
      <div data-testid="member-event" data-kind={event.kind}>
        <div className="gh-timeline-head">
          <Tag color={EVENT_TAGS[event.kind]}>{t(`memberEvent.${event.kind}`)}</Tag>
          <Typography.Text className="gh-nowrap">{formatDateTime(event.at, lang)}</Typography.Text>
        </div>
        {event.fromOrg || event.toOrg ? (
          <div className="gh-small">
            {event.fromOrg && event.toOrg && event.fromOrg !== event.toOrg
              ? t('memberDetail.fromTo', { from: event.fromOrg, to: event.toOrg })
              : event.toOrg
                ? t('memberDetail.to', { to: event.toOrg })
                : t('memberDetail.from', { from: event.fromOrg ?? '' })}
          </div>
        ) : null}
        {event.reason ? (
          <div className="gh-small">
            <Typography.Text type="secondary">{t('memberDetail.reason')}：</Typography.Text>
            {isEndReason(event.reason) ? END_REASON_LABELS[event.reason][lang] : event.reason}
          </div>
        ) : null}
        {event.actor ? (
          <Typography.Text type="secondary" className="gh-small">
            {t('memberDetail.by', { actor: event.actor })}
          </Typography.Text>
        ) : null}
      </div>
    ),
  }));
  return <Timeline items={items} data-testid="member-events" />;
}

interface Revealed {
  phone: string | null;
  idNumber: string | null;
}

function MemberInfo({ member }: { member: MemberDetail }) {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [revealing, setRevealing] = useState(false);
  const none = t('common.none');

  const toggleReveal = async () => {
    if (revealed) {
      setRevealed(null);
      return;
    }
    setRevealing(true);
    try {
      setRevealed(await api.revealMember(member.id));
    } catch (error) {
      if (isApiError(error)) message.error(error.message);
    } finally {
      setRevealing(false);
    }
  };

  const pii = (value: string | null, shown: string | null | undefined, testId: string) => (
    <Typography.Text className={revealed ? 'gh-revealed' : 'gh-masked'} data-testid={testId}>
      {(revealed ? shown : value) ?? none}
    </Typography.Text>
  );

  const endReason = member.endReason ? (isEndReason(member.endReason) ? END_REASON_LABELS[member.endReason][lang] : member.endReason) : null;

  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('members.name'), children: member.name ?? none },
    { key: 'gender', label: t('members.gender'), children: member.gender ? t(`gender.${member.gender}`) : none },
    { key: 'birthDate', label: t('members.birthDate'), children: formatDate(member.birthDate, lang) },
    { key: 'phone', label: t('members.phone'), children: pii(member.phone, revealed?.phone, 'member-phone') },
    { key: 'idNumber', label: t('members.idNumber'), children: pii(member.idNumber, revealed?.idNumber, 'member-id-number') },
    { key: 'status', label: t('members.status'), children: <MemberStatusTag status={member.status} /> },
    { key: 'verification', label: t('members.verification'), children: <VerificationTag status={member.verification} /> },
    { key: 'cardNo', label: t('members.cardNo'), children: member.cardNo ?? none },
    { key: 'org', label: t('members.org'), children: member.orgName ?? none },
    { key: 'joinedAt', label: t('members.joinedAt'), children: formatDate(member.joinedAt, lang) },
    { key: 'employer', label: t('members.employer'), children: member.employer ?? none },
    { key: 'industry', label: t('members.industry'), children: member.industry ?? none },
    { key: 'education', label: t('members.education'), children: member.education ?? none },
    { key: 'hometown', label: t('members.hometown'), children: member.hometown ?? none },
    { key: 'account', label: t('memberDetail.account'), children: member.hasAccount ? t('memberDetail.hasAccount') : t('memberDetail.noAccount') },
    ...(endReason ? [{ key: 'endReason', label: t('members.endReason'), children: endReason }] : []),
  ];

  return (
    <Card
      title={t('memberDetail.info')}
      extra={
        can('pii.reveal') && (member.phone || member.idNumber) ? (
          <Button
            size="small"
            icon={revealed ? <EyeInvisibleOutlined /> : <EyeOutlined />}
            loading={revealing}
            onClick={() => void toggleReveal()}
            data-testid="member-reveal"
            data-member-id={member.id}
          >
            {revealed ? t('members.hide') : t('members.reveal')}
          </Button>
        ) : null
      }
    >
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2, lg: 1, xl: 2, xxl: 2 }} items={items} data-testid="member-info" />
    </Card>
  );
}

export function MemberDetailPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const { data, error, loading, reload } = useApi((signal) => api.member(id, signal), [id]);
  const editDialog = useDialog<MemberDetail>();
  const holdDialog = useDialog<MemberDetail>();
  const endDialog = useDialog<MemberDetail>();
  const member = data && data.id === id ? data : undefined;
  const canWrite = can('member.write');

  const back = () => {
    // Back to the list with its filters when we came from it; otherwise to the plain list.
    if (location.key !== 'default') navigate(-1);
    else navigate('/members');
  };

  const actions = member && canWrite ? (
    <Space wrap>
      {member.status !== 'ended' ? (
        <Button icon={<EditOutlined />} onClick={() => editDialog.show(member)} data-testid="member-edit-open">
          {t('common.edit')}
        </Button>
      ) : null}
      {canTransition('hold', member.status) ? (
        <Button icon={<VerticalAlignTopOutlined />} onClick={() => holdDialog.show(member)} data-testid="member-hold-open">
          {t('members.hold')}
        </Button>
      ) : null}
      {canTransition('end', member.status) ? (
        <Button danger icon={<StopOutlined />} onClick={() => endDialog.show(member)} data-testid="member-end-open">
          {t('members.end')}
        </Button>
      ) : null}
    </Space>
  ) : null;

  const done = () => reload();

  let body;
  if (error) {
    body = <LoadError error={error} onRetry={reload} />;
  } else if (!member) {
    body = (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  } else {
    body = (
      <>
        {member.orgPath.length ? (
          <Breadcrumb
            className="gh-org-path"
            data-testid="member-org-path"
            items={member.orgPath.map((p, index) => ({
              key: p.id,
              title:
                can('org.read') && index === member.orgPath.length - 1 ? <Link to={`/orgs?org=${encodeURIComponent(p.id)}`}>{p.name}</Link> : p.name,
            }))}
          />
        ) : null}
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <MemberInfo key={member.id} member={member} />
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t('memberDetail.events')}>
              <MemberEvents events={member.events} />
            </Card>
          </Col>
        </Row>
      </>
    );
  }

  return (
    <div data-testid="member-detail-page">
      <PageHeader
        title={
          <Space wrap size={8}>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('memberDetail.back')} title={t('memberDetail.back')} data-testid="member-back" />
            <span data-testid="member-detail-name">{member?.name ?? t('memberDetail.title')}</span>
            {member ? <MemberStatusTag status={member.status} /> : null}
          </Space>
        }
        extra={
          <Space wrap>
            {actions}
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />
          </Space>
        }
      />
      {body}
      {editDialog.state ? (
        <MemberEditModal
          key={editDialog.state.seq}
          member={editDialog.state.payload}
          {...editDialog.props}
          onSaved={() => {
            editDialog.close();
            done();
          }}
        />
      ) : null}
      {holdDialog.state ? (
        <MemberHoldModal
          key={holdDialog.state.seq}
          member={holdDialog.state.payload}
          {...holdDialog.props}
          onDone={() => {
            holdDialog.close();
            done();
          }}
        />
      ) : null}
      {endDialog.state ? (
        <MemberEndModal
          key={endDialog.state.seq}
          member={endDialog.state.payload}
          {...endDialog.props}
          onDone={() => {
            endDialog.close();
            done();
          }}
        />
      ) : null}
    </div>
  );
}
