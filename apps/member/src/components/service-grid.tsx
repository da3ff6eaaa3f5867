import { Link } from 'react-router-dom';
import { useI18n } from '../i18n';
import type { ServiceEntry } from '../services';

/** A 4-column grid of service entries (real links, so they work with the keyboard too). */
export function ServiceGrid({ services }: { services: readonly ServiceEntry[] }) {
  const { t } = useI18n();
  return (
    <ul className="service-grid">
      {services.map(({ key, title, path, color, Icon }) => (
        <li key={key}>
          <Link to={path} className="service-item" data-testid={`service-${key}`}>
            <span className="service-icon" style={{ background: color }}>
              <Icon size={26} />
            </span>
            <span className="service-title">{t(title)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
