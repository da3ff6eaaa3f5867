import { Button } from 'antd';
import type { ButtonProps } from 'antd';
import { TranslationOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

/** Switches between 中文 and English; the label names the language it switches to. */
export function LangSwitch({ type = 'text', className }: { type?: ButtonProps['type']; className?: string }) {
  const { lang, toggleLang, t } = useI18n();
  return (
    <Button
      type={type}
      className={className}
      icon={<TranslationOutlined />}
      onClick={toggleLang}
      data-testid="lang-switch"
      data-lang={lang}
      aria-label={t('lang.switch')}
      title={t('lang.switch')}
    >
      {t('lang.other')}
    </Button>
  );
}
