import { Button, ErrorBlock } from 'antd-mobile';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { PageHeader } from '../components/page-header';
import { useI18n } from '../i18n';
import { findService } from '../services';

/** Placeholder for service modules that are not built yet. */
export function ComingSoonPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { key } = useParams();
  const service = findService(key);
  if (!service) return <Navigate to="/services" replace />;
  if (service.ready) return <Navigate to={service.path} replace />;
  const name = t(service.title);
  return (
    <div className="sub-page">
      <PageHeader title={name} />
      <div className="page-center" data-testid="coming-soon">
        <ErrorBlock
          status="empty"
          image={
            <span className="coming-soon-icon" style={{ background: service.color }}>
              <service.Icon size={44} />
            </span>
          }
          title={t('comingSoon.title')}
          description={t('comingSoon.description', { name })}
        >
          <Button color="primary" fill="outline" shape="rounded" onClick={() => navigate('/')}>
            {t('common.backHome')}
          </Button>
        </ErrorBlock>
      </div>
    </div>
  );
}
