/** Sign-in with username, password and TOTP; on first sign-in, enrol an authenticator. */
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { Location } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, Steps, Typography } from 'antd';
import type { InputRef } from 'antd';
import { KeyOutlined, LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { adminLoginRequestSchema, totpEnrolRequestSchema } from '@gonghui/contracts';
import type { AdminLoginResponse, AdminProfile } from '@gonghui/contracts';
import { ApiError, api, isApiError } from '../api-client';
import { FullPageSpin, useAuth } from '../auth';
import { LangSwitch } from '../components/lang-switch';
import { applyServerIssues, schemaRule } from '../forms';
import { useI18n } from '../i18n';

type Enrolment = Extract<AdminLoginResponse, { status: 'totp_enrolment_required' }>;

interface LoginValues {
  username: string;
  password: string;
  totp?: string;
}

interface EnrolValues {
  code: string;
}

const LOGIN_FIELDS = ['username', 'password', 'totp'] as const;

function digitsOnly(value: string): string {
  return value.replace(/\D/g, '').slice(0, 6);
}

function ErrorAlert({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return <Alert type="error" showIcon title={error.message} className="gh-login-alert" data-testid="login-error" />;
}

export function LoginPage() {
  const { t, lang } = useI18n();
  const { state, signedIn } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [loginForm] = Form.useForm<LoginValues>();
  const [enrolForm] = Form.useForm<EnrolValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const totpRef = useRef<InputRef>(null);
  const enrolCodeRef = useRef<InputRef>(null);

  const from = (location.state as { from?: Location } | null)?.from;
  const target = from && from.pathname !== '/login' ? `${from.pathname}${from.search}${from.hash}` : '/';

  useEffect(() => {
    if (enrolment) enrolCodeRef.current?.focus();
  }, [enrolment]);

  // Re-validate shown errors in the new language (the form is only mounted when signed out).
  const shownLang = useRef(lang);
  const formsMounted = state.status === 'anonymous';
  useEffect(() => {
    if (shownLang.current === lang) return;
    shownLang.current = lang;
    if (!formsMounted) return;
    const touched = LOGIN_FIELDS.filter((name) => loginForm.getFieldError(name).length > 0);
    if (touched.length) void loginForm.validateFields([...touched]).catch(() => undefined);
  }, [lang, loginForm, formsMounted]);

  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'authenticated') return <Navigate to={target} replace />;

  const finish = (admin: AdminProfile) => {
    message.success(t('login.welcome', { name: admin.displayName }));
    signedIn(admin);
    navigate(target, { replace: true });
  };

  const onLogin = async (values: LoginValues) => {
    const totp = values.totp?.trim() ? values.totp.trim() : undefined;
    const parsed = adminLoginRequestSchema.safeParse({ username: values.username, password: values.password, totp });
    if (!parsed.success) return; // the field rules already show why
    setSubmitting(true);
    setError(null);
    try {
      const result = await api.login(parsed.data);
      if (result.status === 'ok') finish(result.admin);
      else {
        enrolForm.resetFields();
        setEnrolment(result);
      }
    } catch (err) {
      const apiError = isApiError(err) ? err : new ApiError(0, 'NETWORK_ERROR', t('errors.network'));
      if (apiError.code === 'TOTP_REQUIRED' || apiError.code === 'TOTP_INVALID') {
        loginForm.setFields([{ name: 'totp', errors: [apiError.message], value: '' }]);
        totpRef.current?.focus();
      } else if (apiError.code === 'VALIDATION_FAILED' && apiError.issues.length) {
        const rest = applyServerIssues(loginForm, apiError, LOGIN_FIELDS, lang);
        if (rest.length) setError(apiError);
      } else {
        setError(apiError);
        if (apiError.code === 'INVALID_CREDENTIALS') loginForm.setFieldValue('password', '');
      }
    } finally {
      setSubmitting(false);
    }
  };

  const onEnrol = async (values: EnrolValues) => {
    if (!enrolment) return;
    const parsed = totpEnrolRequestSchema.safeParse({ enrolmentToken: enrolment.enrolmentToken, code: values.code });
    if (!parsed.success) return;
    setSubmitting(true);
    setError(null);
    try {
      const result = await api.enrolTotp(parsed.data);
      message.success(t('login.enrolDone'));
      finish(result.admin);
    } catch (err) {
      const apiError = isApiError(err) ? err : new ApiError(0, 'NETWORK_ERROR', t('errors.network'));
      if (apiError.code === 'TOTP_INVALID' || (apiError.code === 'VALIDATION_FAILED' && apiError.issues.length)) {
        enrolForm.setFields([{ name: 'code', errors: [apiError.message], value: '' }]);
        enrolCodeRef.current?.focus();
      } else {
        setError(apiError);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const backToLogin = () => {
    setEnrolment(null);
    setError(null);
    loginForm.setFieldsValue({ password: '', totp: '' });
  };

  return (
    <div className="gh-login">
      <div className="gh-login-top">
        <LangSwitch />
      </div>
      <div className="gh-login-main">
        <div className="gh-login-brand">
          <span className="gh-brand-mark gh-brand-mark-lg" aria-hidden>
            工
          </span>
          <Typography.Title level={2} className="gh-login-title">
            {t('app.title')}
          </Typography.Title>
        </div>
        <Card className="gh-login-card" variant="outlined">
          <div hidden={Boolean(enrolment)}>
            <Typography.Title level={4} className="gh-card-title">
              {t('login.title')}
            </Typography.Title>
            <ErrorAlert error={error} />
            <Form<LoginValues>
              form={loginForm}
              layout="vertical"
              onFinish={onLogin}
              requiredMark={false}
              data-testid="login-form"
            >
              <Form.Item name="username" label={t('login.username')} rules={[schemaRule(adminLoginRequestSchema.shape.username, lang)]}>
                <Input
                  size="large"
                  prefix={<UserOutlined />}
                  placeholder={t('login.usernamePlaceholder')}
                  autoComplete="username"
                  autoFocus
                  data-testid="admin-username"
                />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[schemaRule(adminLoginRequestSchema.shape.password, lang)]}>
                <Input.Password
                  size="large"
                  prefix={<LockOutlined />}
                  placeholder={t('login.passwordPlaceholder')}
                  autoComplete="current-password"
                  data-testid="admin-password"
                />
              </Form.Item>
              <Form.Item
                name="totp"
                label={t('login.totp')}
                extra={t('login.totpHelp')}
                normalize={digitsOnly}
                validateTrigger="onBlur"
                rules={[schemaRule(adminLoginRequestSchema.shape.totp, lang, { emptyAsUndefined: true })]}
              >
                <Input
                  ref={totpRef}
                  size="large"
                  prefix={<KeyOutlined />}
                  placeholder={t('login.totpPlaceholder')}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  data-testid="admin-totp"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="admin-login-submit">
                {t('login.submit')}
              </Button>
            </Form>
          </div>
          <div data-testid="totp-enrolment" hidden={!enrolment}>
            {enrolment ? (
              <>
                <Typography.Title level={4} className="gh-card-title">
                  <SafetyCertificateOutlined /> {t('login.enrolTitle')}
                </Typography.Title>
                <Typography.Paragraph type="secondary">{t('login.enrolIntro')}</Typography.Paragraph>
                <ErrorAlert error={error} />
                <Steps
                  orientation="vertical"
                  size="small"
                  current={-1}
                  className="gh-enrol-steps"
                  items={[
                    {
                      status: 'process',
                      title: t('login.enrolStep1'),
                      content: (
                        <div className="gh-qr">
                          <img src={enrolment.qrDataUrl} alt={t('login.qrAlt')} width={180} height={180} data-testid="totp-qr" />
                        </div>
                      ),
                    },
                    {
                      status: 'process',
                      title: t('login.enrolStep2'),
                      content: (
                        <Typography.Text code copyable={{ text: enrolment.secret }} className="gh-secret">
                          <span data-testid="totp-secret">{enrolment.secret}</span>
                        </Typography.Text>
                      ),
                    },
                    { status: 'process', title: t('login.enrolStep3') },
                  ]}
                />
              </>
            ) : null}
            <Form<EnrolValues> form={enrolForm} layout="vertical" onFinish={onEnrol} requiredMark={false} disabled={submitting}>
              <Form.Item
                name="code"
                label={t('login.enrolCode')}
                normalize={digitsOnly}
                rules={[schemaRule(totpEnrolRequestSchema.shape.code, lang)]}
                validateTrigger="onBlur"
              >
                <Input
                  ref={enrolCodeRef}
                  size="large"
                  prefix={<KeyOutlined />}
                  placeholder={t('login.totpPlaceholder')}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  data-testid="totp-enrol-code"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="totp-enrol-submit">
                {t('login.enrolSubmit')}
              </Button>
              <Button type="link" block onClick={backToLogin} className="gh-enrol-back" disabled={false}>
                {t('login.enrolBack')}
              </Button>
            </Form>
          </div>
        </Card>
        <Typography.Paragraph type="secondary" className="gh-login-footer">
          {t('login.footer')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
