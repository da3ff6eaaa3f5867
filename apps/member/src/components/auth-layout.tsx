/** The frame of the login, register and forgot-password pages: brand, title, language switch. */
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n';
import { BrandMark } from './icons';
import { LangSwitch } from './lang-switch';

export interface AuthLayoutProps {
  title: string;
  subtitle?: string;
  /** Show a back arrow (to /login) instead of the big brand block. */
  back?: boolean;
  children: ReactNode;
  footer?: ReactNode;
}

export function AuthLayout({ title, subtitle, back = false, children, footer }: AuthLayoutProps) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="auth-page">
      <div className="auth-topbar">
        {back ? (
          <button type="button" className="auth-back" onClick={() => navigate('/login')} aria-label={t('common.back')}>
            ‹ {t('common.back')}
          </button>
        ) : (
          <span />
        )}
        <LangSwitch />
      </div>
      <header className="auth-brand">
        <BrandMark size={back ? 44 : 64} />
        <div>
          <div className="auth-brand-name">{t('app.name')}</div>
          <div className="auth-brand-tagline">{t('app.tagline')}</div>
        </div>
      </header>
      <main className="auth-card">
        <h1 className="auth-title">{title}</h1>
        {subtitle ? <p className="auth-subtitle">{subtitle}</p> : null}
        {children}
      </main>
      {footer ? <footer className="auth-footer">{footer}</footer> : null}
    </div>
  );
}
