/** Toggles between 中文 and English; the label names the language it switches to. */
import { useI18n } from '../i18n';
import { GlobeIcon } from './icons';

export function LangSwitch({ className }: { className?: string }) {
  const { t, toggleLang, lang } = useI18n();
  return (
    <button
      type="button"
      className={['lang-switch', className ?? ''].filter(Boolean).join(' ')}
      data-testid="lang-switch"
      data-lang={lang}
      onClick={toggleLang}
      aria-label={t('lang.switchAria')}
      lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}
    >
      <GlobeIcon />
      <span>{t('lang.switch')}</span>
    </button>
  );
}
