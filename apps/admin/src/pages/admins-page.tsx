/** Administrator accounts in the admin's scope: list, create, edit roles, enable / disable. */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import { CheckCircleOutlined, EditOutlined, PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { ADMIN_ROLES, ADMIN_ROLE_LABELS, ROLE_PERMISSIONS, adminCreateRequestSchema, adminUpdateRequestSchema } from '@gonghui/contracts';
import type { AdminAccount, AdminRole } from '@gonghui/contracts';
import { ApiError, api, isApiError } from '../api-client';
import type { AdminUpdateRequest } from '../api-client';
import { useAuth } from '../auth';
import { LoadError } from '../components/load-error';
import { OrgTreeSelect } from '../components/org-tree-select';
import { PageHeader } from '../components/page-header';
import { RoleTag } from '../components/tags';
import { formatDateTime } from '../format';
import { applyServerIssues, schemaRule } from '../forms';
import { useI18n } from '../i18n';
import { useIsMobile } from '../use-media-query';
import { useApi } from '../use-api';

const PAGE_SIZES = [10, 20, 50, 100];

interface CreateValues {
  username: string;
  displayName: string;
  orgId: string;
  roles: AdminRole[];
  password: string;
  passwordConfirm: string;
}
const CREATE_FIELDS = ['username', 'displayName', 'orgId', 'roles', 'password'] as const;

interface EditValues {
  displayName: string;
  roles: AdminRole[];
}
const EDIT_FIELDS = ['displayName', 'roles'] as const;

interface RoleChoicesProps {
  value?: AdminRole[];
  onChange?: (roles: AdminRole[]) => void;
  id?: string;
  testIdPrefix: string;
}

function RoleChoices({ value, onChange, id, testIdPrefix }: RoleChoicesProps) {
  const { lang, t } = useI18n();
  const separator = lang === 'en' ? ', ' : '、';
  return (
    <div id={id}>
      <Checkbox.Group<AdminRole>
        value={value}
        onChange={(roles) => onChange?.(roles)}
        className="gh-role-choices"
        options={ADMIN_ROLES.map((role) => ({
          value: role,
          label: (
            <span className="gh-role-choice" data-testid={`${testIdPrefix}-${role}`}>
              <span>{ADMIN_ROLE_LABELS[role][lang]}</span>
              <Typography.Text type="secondary" className="gh-role-perms">
                {t('admins.rolePermissions', { perms: ROLE_PERMISSIONS[role].map((p) => t(`perm.${p}`)).join(separator) })}
              </Typography.Text>
            </span>
          ),
        }))}
      />
    </div>
  );
}

/**
 * The dialogs are mounted only while shown (and while closing), so each opening starts with a
 * fresh form and only the visible dialog listens for Esc.
 */
interface DialogProps {
  open: boolean;
  onClose: () => void;
  afterClose: () => void;
}

function CreateAdminModal({ open, onClose, afterClose, onCreated }: DialogProps & { onCreated: (admin: AdminAccount) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const shape = adminCreateRequestSchema.shape;

  const submit = async (values: CreateValues) => {
    const parsed = adminCreateRequestSchema.safeParse({
      username: values.username,
      displayName: values.displayName,
      orgId: values.orgId,
      roles: values.roles,
      password: values.password,
    });
    if (!parsed.success) return;
    setSubmitting(true);
    setFormError(null);
    try {
      const admin = await api.createAdmin(parsed.data);
      message.success(t('admins.created', { name: admin.displayName }));
      onCreated(admin);
    } catch (error) {
      const apiError = isApiError(error) ? error : new ApiError(0, 'NETWORK_ERROR', t('errors.network'));
      if (apiError.code === 'USERNAME_TAKEN') {
        form.setFields([{ name: 'username', errors: [apiError.message] }]);
      } else if (apiError.code === 'OUT_OF_SCOPE' || apiError.code === 'ORG_NOT_FOUND') {
        form.setFields([{ name: 'orgId', errors: [apiError.message] }]);
      } else if (apiError.issues.length) {
        const rest = applyServerIssues(form, apiError, CREATE_FIELDS, lang);
        setFormError(rest.length ? `${apiError.message}（${rest.join('; ')}）` : null);
      } else {
        setFormError(apiError.message);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('admins.createTitle')}
      onCancel={onClose}
      okText={t('admins.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submitting, 'data-testid': 'admin-create-submit' }}
      onOk={() => form.submit()}
      afterClose={afterClose}
      mask={{ closable: false }}
      width={600}
    >
      {formError ? <Alert type="error" showIcon title={formError} className="gh-form-alert" /> : null}
      <Form<CreateValues> form={form} layout="vertical" onFinish={submit} disabled={submitting} data-testid="admin-create-form">
        <Form.Item name="username" label={t('admins.username')} extra={t('admins.usernameHelp')} rules={[schemaRule(shape.username, lang)]}>
          <Input autoComplete="off" maxLength={32} data-testid="admin-create-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('admins.displayName')} rules={[schemaRule(shape.displayName, lang)]}>
          <Input maxLength={50} data-testid="admin-create-display-name" />
        </Form.Item>
        <Form.Item name="orgId" label={t('admins.org')} extra={t('admins.orgHelp')} rules={[schemaRule(shape.orgId, lang)]}>
          <OrgTreeSelect activeOnly allowClear={false} data-testid="admin-create-org" />
        </Form.Item>
        <Form.Item name="roles" label={t('admins.roles')} rules={[schemaRule(shape.roles, lang)]}>
          <RoleChoices testIdPrefix="admin-create-role" />
        </Form.Item>
        <Form.Item name="password" label={t('admins.password')} extra={t('admins.passwordHelp')} rules={[schemaRule(shape.password, lang)]}>
          <Input.Password autoComplete="new-password" maxLength={64} data-testid="admin-create-password" />
        </Form.Item>
        <Form.Item
          name="passwordConfirm"
          label={t('admins.passwordConfirm')}
          dependencies={['password']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value: unknown) => {
                if (!value) throw new Error(t('errors.required'));
                if (value !== getFieldValue('password')) throw new Error(t('admins.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={64} data-testid="admin-create-password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditAdminModal({ admin, open, onClose, afterClose, onSaved }: DialogProps & { admin: AdminAccount; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const shape = adminUpdateRequestSchema.shape;
  const submit = async (values: EditValues) => {
    const changes: AdminUpdateRequest = {};
    if (values.displayName.trim() !== admin.displayName) changes.displayName = values.displayName;
    const sameRoles = values.roles.length === admin.roles.length && values.roles.every((r) => admin.roles.includes(r));
    if (!sameRoles) changes.roles = values.roles;
    if (!Object.keys(changes).length) {
      onClose();
      return;
    }
    const parsed = adminUpdateRequestSchema.safeParse(changes);
    if (!parsed.success) return;
    setSubmitting(true);
    setFormError(null);
    try {
      await api.updateAdmin(admin.id, parsed.data);
      message.success(t('admins.saved'));
      onSaved();
    } catch (error) {
      const apiError = isApiError(error) ? error : new ApiError(0, 'NETWORK_ERROR', t('errors.network'));
      const rest = apiError.issues.length ? applyServerIssues(form, apiError, EDIT_FIELDS, lang) : [];
      if (!apiError.issues.length || rest.length) setFormError(apiError.message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('admins.editTitle', { name: admin.displayName })}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submitting, 'data-testid': 'admin-edit-submit' }}
      onOk={() => form.submit()}
      afterClose={afterClose}
      mask={{ closable: false }}
      width={600}
    >
      {formError ? <Alert type="error" showIcon title={formError} className="gh-form-alert" /> : null}
      <Typography.Paragraph type="secondary">
        @{admin.username} · {admin.orgName}
      </Typography.Paragraph>
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={submitting}
        initialValues={{ displayName: admin.displayName, roles: admin.roles }}
        data-testid="admin-edit-form"
      >
        <Form.Item name="displayName" label={t('admins.displayName')} rules={[schemaRule(shape.displayName.unwrap(), lang)]}>
          <Input maxLength={50} data-testid="admin-edit-display-name" />
        </Form.Item>
        <Form.Item name="roles" label={t('admins.roles')} rules={[schemaRule(shape.roles.unwrap(), lang)]}>
          <RoleChoices testIdPrefix="admin-edit-role" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AdminsPage() {
  const { t, lang } = useI18n();
  const { can, profile } = useAuth();
  const { message, modal } = App.useApp();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState<'closed' | 'open' | 'closing'>('closed');
  const [editing, setEditing] = useState<{ admin: AdminAccount; open: boolean; seq: number } | null>(null);
  const canWrite = can('admin.write');

  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const rawSize = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(rawSize) ? rawSize : 20;

  const { data, error, loading, reload } = useApi((signal) => api.admins({ page, pageSize }, signal), [page, pageSize]);

  const closeEdit = () => setEditing((current) => (current ? { ...current, open: false } : null));

  const setStatus = (admin: AdminAccount, status: AdminAccount['status']) => {
    const disabling = status === 'disabled';
    modal.confirm({
      title: t(disabling ? 'admins.disableTitle' : 'admins.enableTitle', { name: admin.displayName }),
      content: t(disabling ? 'admins.disableText' : 'admins.enableText'),
      okText: t(disabling ? 'admins.disable' : 'admins.enable'),
      okButtonProps: { danger: disabling, 'data-testid': 'admin-status-confirm' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.updateAdmin(admin.id, { status });
          message.success(t(disabling ? 'admins.disabled' : 'admins.enabled'));
          reload();
        } catch (err) {
          if (isApiError(err)) message.error(err.message);
          throw err;
        }
      },
    });
  };

  const columns: TableColumnsType<AdminAccount> = [
    {
      key: 'username',
      title: t('admins.username'),
      dataIndex: 'username',
      fixed: isMobile ? undefined : 'left',
      render: (username: string, a) => (
        <Space size={4}>
          <Typography.Text code>{username}</Typography.Text>
          {a.id === profile?.id ? <Tag>{t('admins.you')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'displayName', title: t('admins.displayName'), dataIndex: 'displayName' },
    { key: 'org', title: t('admins.org'), dataIndex: 'orgName', ellipsis: true },
    {
      key: 'roles',
      title: t('admins.roles'),
      dataIndex: 'roles',
      render: (roles: AdminRole[]) => (
        <span className="gh-tags">
          {roles.map((role) => (
            <RoleTag key={role} role={role} />
          ))}
        </span>
      ),
    },
    {
      key: 'status',
      title: t('admins.status'),
      dataIndex: 'status',
      render: (status: AdminAccount['status']) =>
        status === 'active' ? (
          <Tag color="green">{t('admins.statusActive')}</Tag>
        ) : (
          <Tag color="default">{t('admins.statusDisabled')}</Tag>
        ),
    },
    {
      key: 'totp',
      title: t('admins.totp'),
      dataIndex: 'totpEnrolled',
      render: (enrolled: boolean) =>
        enrolled ? <Tag color="blue">{t('admins.totpEnrolled')}</Tag> : <Tag color="orange">{t('admins.totpPending')}</Tag>,
    },
    {
      key: 'lastLoginAt',
      title: t('admins.lastLogin'),
      dataIndex: 'lastLoginAt',
      render: (v: string | null) => (v ? formatDateTime(v, lang) : <Typography.Text type="secondary">{t('admins.never')}</Typography.Text>),
    },
    { key: 'createdAt', title: t('admins.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, lang) },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: isMobile ? undefined : 'right',
      render: (_, a) => {
        const self = a.id === profile?.id;
        const toggle =
          a.status === 'active' ? (
            <Button
              type="link"
              size="small"
              danger
              icon={<StopOutlined />}
              disabled={self}
              onClick={() => setStatus(a, 'disabled')}
              className="gh-link-button"
              data-testid="admin-disable"
              data-admin-id={a.id}
            >
              {t('admins.disable')}
            </Button>
          ) : (
            <Button
              type="link"
              size="small"
              icon={<CheckCircleOutlined />}
              onClick={() => setStatus(a, 'active')}
              className="gh-link-button"
              data-testid="admin-enable"
              data-admin-id={a.id}
            >
              {t('admins.enable')}
            </Button>
          );
        return (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing((current) => ({ admin: a, open: true, seq: (current?.seq ?? 0) + 1 }))}
              className="gh-link-button"
              data-testid="admin-edit"
              data-admin-id={a.id}
            >
              {t('common.edit')}
            </Button>
            {self ? <Tooltip title={t('admins.cannotDisableSelf')}>{toggle}</Tooltip> : toggle}
          </Space>
        );
      },
    });
  }

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total: data?.total ?? 0,
    pageSizeOptions: PAGE_SIZES,
    showSizeChanger: true,
    showTotal: (total) => t('common.total', { total }),
    simple: isMobile,
  };

  return (
    <div data-testid="admins-page">
      <PageHeader
        title={t('admins.title')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={loading} aria-label={t('common.refresh')} title={t('common.refresh')} />
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating('open')} data-testid="admin-create-open">
                {t('admins.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<AdminAccount>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            pagination={pagination}
            onChange={(p) =>
              setParams((previous) => {
                const next = new URLSearchParams(previous);
                next.set('page', String(p.current ?? 1));
                next.set('pageSize', String(p.pageSize ?? pageSize));
                return next;
              })
            }
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: loading ? ' ' : t('admins.empty') }}
            data-testid="admins-table"
          />
        )}
      </Card>
      {canWrite && creating !== 'closed' ? (
        <CreateAdminModal
          open={creating === 'open'}
          onClose={() => setCreating('closing')}
          afterClose={() => setCreating('closed')}
          onCreated={() => {
            setCreating('closing');
            reload();
          }}
        />
      ) : null}
      {canWrite && editing ? (
        <EditAdminModal
          key={editing.seq}
          admin={editing.admin}
          open={editing.open}
          onClose={closeEdit}
          afterClose={() => setEditing(null)}
          onSaved={() => {
            closeEdit();
            reload();
          }}
        />
      ) : null}
    </div>
  );
}
