/**
 * Search by the employer's 统一社会信用代码 (checked with its check character before asking the
 * server). On the orgs page the code stays in the address (?code=); on the membership page it is a
 * compact block whose results the caller renders (to apply in place).
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from 'antd-mobile';
import { useSearchParams } from 'react-router-dom';
import { isValidCreditCode, type PublicOrg } from '@gonghui/contracts';
import { api } from '../api-client';
import { useResource } from '../hooks/use-resource';
import { useI18n } from '../i18n';
import { EmptyState, ErrorState, LoadingCard } from './async-states';
import { OrgLinkItem } from './org-item';
import { TextField } from './text-field';

const PAGE_SIZE = 20;

export interface CreditSearchProps {
  /** Compact: no card frame, no address sync, results through `renderOrgs`. */
  compact?: boolean;
  renderOrgs?: (orgs: PublicOrg[]) => ReactNode;
}

export function CreditSearch({ compact = false, renderOrgs }: CreditSearchProps) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const initial = compact ? '' : (params.get('code') ?? '').toUpperCase();
  const [input, setInput] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const [code, setCode] = useState<string | null>(() => (isValidCreditCode(initial) ? initial : null));
  const [attempt, setAttempt] = useState(0);
  const result = useResource<PublicOrg[] | null>(
    async (signal) => (code ? (await api.searchOrgs({ creditCode: code, page: 1, pageSize: PAGE_SIZE }, signal)).items : null),
    [code, attempt],
  );

  useEffect(() => {
    if (compact) return;
    const current = params.get('code') ?? '';
    if (code && current !== code) {
      const next = new URLSearchParams(params);
      next.set('code', code);
      setParams(next, { replace: true });
    }
  }, [code, compact, params, setParams]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = input.trim().toUpperCase();
    if (!value) {
      setError(t('credit.required'));
      return;
    }
    if (!isValidCreditCode(value)) {
      setError(t('credit.invalid'));
      return;
    }
    setError(undefined);
    setCode(value);
    setAttempt((n) => n + 1);
  };

  const state = result.state;
  const orgs = state.status === 'ready' ? state.data : null;
  return (
    <div className={compact ? 'credit-search credit-search--compact' : 'credit-search'} data-testid="credit-search">
      <section className={compact ? undefined : 'card'}>
        {compact ? null : <p className="form-note credit-hint">{t('credit.hint')}</p>}
        <form className="form credit-form" onSubmit={onSubmit} noValidate data-testid="credit-form">
          <TextField
            label={t('credit.label')}
            testId="credit-code"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={18}
            placeholder={t('credit.placeholder')}
            value={input}
            onValueChange={(v) => {
              setInput(v.replace(/\s/g, '').toUpperCase());
              setError(undefined);
            }}
            error={error}
          />
          <Button block type="submit" color="primary" fill={compact ? 'outline' : 'solid'} shape="rounded" loading={code !== null && state.status === 'loading'} data-testid="credit-submit">
            {t('credit.search')}
          </Button>
        </form>
      </section>
      {code && state.status === 'loading' ? <LoadingCard testId="credit-loading" lines={2} /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={() => void result.reload()} testId="credit-error" /> : null}
      {orgs && orgs.length === 0 ? <EmptyState title={t('credit.notFound')} description={t('credit.notFoundHint')} testId="credit-empty" /> : null}
      {orgs && orgs.length > 0 ? (
        renderOrgs ? (
          renderOrgs(orgs)
        ) : (
          <>
            <p className="list-summary">{t('credit.found')}</p>
            <ul className="org-rows" data-testid="credit-results">
              {orgs.map((org) => (
                <OrgLinkItem key={org.id} org={org} />
              ))}
            </ul>
          </>
        )
      ) : null}
    </div>
  );
}
