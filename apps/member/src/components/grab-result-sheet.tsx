/** The answer to a grab, as a bottom sheet: the ticket, a refusal in plain words, or "no answer, retry". */
import { Button, Popup } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import type { Ticket } from '@gonghui/contracts';
import { refusalTitleKey } from '../activity-labels';
import { formatActivityTime } from '../activity-time';
import type { GrabOutcome } from '../grab';
import { useI18n } from '../i18n';
import { AlertIcon, CheckCircleIcon, ClockIcon } from './icons';

export interface GrabResult {
  sessionId: string;
  outcome: GrabOutcome;
  /** NOT_OPEN: the page synchronised its clock again. */
  resynced?: boolean;
}

export function GrabResultSheet({
  result,
  onClose,
  onRetry,
  hasOtherSessions,
  okTitle,
  okText,
}: {
  result: GrabResult | null;
  onClose: () => void;
  /** Retry the same attempt (same key) after an unknown outcome. */
  onRetry: () => void;
  hasOtherSessions: boolean;
  /** The ticket's headline and text when it did not come from a grab (a confirmed lottery place). */
  okTitle?: string;
  okText?: string;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const outcome = result?.outcome ?? null;
  const dataResult = outcome === null ? '' : outcome.kind === 'ok' ? 'ok' : outcome.kind === 'refused' ? outcome.code : 'NETWORK_ERROR';
  const toTickets = () => {
    onClose();
    navigate('/tickets');
  };

  return (
    <Popup visible={result !== null} onMaskClick={onClose} onClose={onClose} bodyClassName="sheet grab-sheet" destroyOnClose>
      {outcome ? (
        <div className={`grab-result grab-result--${outcome.kind}`} data-testid="grab-result" data-result={dataResult} role="alert">
          {outcome.kind === 'ok' ? (
            <>
              <span className="grab-result-icon grab-result-icon--ok" aria-hidden="true">
                <CheckCircleIcon size={44} />
              </span>
              <h2 className="grab-result-title">{okTitle ?? t('grab.ok.title')}</h2>
              <p className="grab-result-text">{okText ?? t('grab.ok.text')}</p>
              <TicketStub ticket={outcome.ticket} />
              <div className="grab-result-actions">
                <Button block color="primary" shape="rounded" size="large" onClick={toTickets} data-testid="grab-result-tickets">
                  {t('grab.viewTickets')}
                </Button>
                <Button block fill="none" shape="rounded" onClick={onClose} data-testid="grab-result-close">
                  {t('grab.done')}
                </Button>
              </div>
            </>
          ) : outcome.kind === 'refused' ? (
            <>
              <span className="grab-result-icon grab-result-icon--refused" aria-hidden="true">
                {outcome.code === 'NOT_OPEN' || outcome.code === 'RATE_LIMITED' ? <ClockIcon size={44} /> : <AlertIcon size={44} />}
              </span>
              <h2 className="grab-result-title">{t(refusalTitleKey(outcome.code))}</h2>
              <p className="grab-result-text" data-testid="grab-result-message">
                {outcome.message}
              </p>
              {outcome.code === 'NOT_OPEN' && result?.resynced ? <p className="grab-result-note">{t('grab.notOpenResynced')}</p> : null}
              <div className="grab-result-actions">
                {outcome.code === 'LIMIT_REACHED' ? (
                  <Button block color="primary" shape="rounded" size="large" onClick={toTickets} data-testid="grab-result-tickets">
                    {t('grab.viewTickets')}
                  </Button>
                ) : null}
                <Button
                  block
                  color={outcome.code === 'LIMIT_REACHED' ? 'default' : 'primary'}
                  fill={outcome.code === 'LIMIT_REACHED' ? 'none' : 'solid'}
                  shape="rounded"
                  size={outcome.code === 'LIMIT_REACHED' ? 'middle' : 'large'}
                  onClick={onClose}
                  data-testid="grab-result-close"
                >
                  {outcome.code === 'SOLD_OUT' && hasOtherSessions ? t('grab.tryOther') : t('common.close')}
                </Button>
              </div>
            </>
          ) : (
            <>
              <span className="grab-result-icon grab-result-icon--unknown" aria-hidden="true">
                <AlertIcon size={44} />
              </span>
              <h2 className="grab-result-title">{t('grab.unknown.title')}</h2>
              <p className="grab-result-text">{t('grab.unknown.text')}</p>
              {outcome.message ? <p className="grab-result-note">{outcome.message}</p> : null}
              <div className="grab-result-actions">
                <Button block color="primary" shape="rounded" size="large" onClick={onRetry} data-testid="grab-result-retry">
                  {t('grab.retry')}
                </Button>
                <Button block color="primary" fill="outline" shape="rounded" onClick={toTickets} data-testid="grab-result-tickets">
                  {t('grab.viewTickets')}
                </Button>
              </div>
            </>
          )}
        </div>
      ) : null}
    </Popup>
  );
}

function TicketStub({ ticket }: { ticket: Ticket }) {
  const { t, lang } = useI18n();
  return (
    <div className="ticket-stub" data-testid="grab-result-ticket" data-ticket-id={ticket.id}>
      <div className="ticket-stub-main">
        <strong>{ticket.activityTitle}</strong>
        <span>{t('grab.ticketSeat', { session: ticket.sessionName, seat: ticket.seatNo })}</span>
        <span className="muted">{formatActivityTime(ticket.startsAt, lang)}</span>
      </div>
      <div className="ticket-stub-seat">
        <span className="ticket-stub-seat-label">{t('tickets.seat')}</span>
        <span className="ticket-stub-seat-no">{ticket.seatNo}</span>
      </div>
    </div>
  );
}
