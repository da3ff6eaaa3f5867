import { ServiceGrid } from '../components/service-grid';
import { useI18n } from '../i18n';
import { SERVICE_GROUPS, SERVICES } from '../services';

export function ServicesPage() {
  const { t } = useI18n();
  return (
    <div className="plain-page">
      <header className="plain-page-header">
        <h1>{t('services.title')}</h1>
      </header>
      {SERVICE_GROUPS.map((group) => (
        <section className="card" key={group.key}>
          <h2 className="section-title">{t(group.title)}</h2>
          <ServiceGrid services={SERVICES.filter((service) => service.group === group.key)} />
        </section>
      ))}
    </div>
  );
}
