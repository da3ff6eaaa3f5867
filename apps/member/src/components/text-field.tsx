/**
 * A labelled native <input> with an inline error. The data-testid sits on the <input> itself so
 * tests can type into it directly.
 */
import { useId, useState, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { useI18n } from '../i18n';
import { EyeIcon, EyeOffIcon } from './icons';

export interface TextFieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id' | 'children'> {
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  error?: string | undefined;
  /** Something after the input, e.g. the "get code" button. */
  suffix?: ReactNode;
  testId: string;
  /** For type="password": offer a show/hide toggle. */
  revealable?: boolean;
  ref?: Ref<HTMLInputElement>;
}

export function TextField({
  label,
  value,
  onValueChange,
  error,
  suffix,
  testId,
  revealable = false,
  type = 'text',
  className,
  ref,
  ...inputProps
}: TextFieldProps) {
  const { t } = useI18n();
  const id = useId();
  const errorId = `${id}-error`;
  const [revealed, setRevealed] = useState(false);
  const inputType = revealable && type === 'password' && revealed ? 'text' : type;

  return (
    <div className={['field', error ? 'field--error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="field-control">
        <input
          ref={ref}
          id={id}
          className="field-input"
          data-testid={testId}
          type={inputType}
          value={value}
          onChange={(event) => onValueChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          {...inputProps}
        />
        {revealable && type === 'password' ? (
          <button
            type="button"
            className="field-icon-button"
            onClick={() => setRevealed((v) => !v)}
            aria-label={revealed ? t('field.hidePassword') : t('field.showPassword')}
            aria-pressed={revealed}
          >
            {revealed ? <EyeIcon /> : <EyeOffIcon />}
          </button>
        ) : null}
        {suffix}
      </div>
      {error ? (
        <div className="field-error" id={errorId} role="alert" data-testid={`${testId}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}
