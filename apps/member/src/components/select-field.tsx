/** A labelled native <select> styled like TextField (the phone's own picker does the rest). */
import { useId } from 'react';

export interface SelectFieldProps {
  label: string;
  value: string;
  options: readonly string[];
  onValueChange: (value: string) => void;
  placeholder: string;
  error?: string | undefined;
  testId: string;
}

export function SelectField({ label, value, options, onValueChange, placeholder, error, testId }: SelectFieldProps) {
  const id = useId();
  // A value saved before the list changed stays selectable.
  const all = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="field-control field-control--select">
        <select
          id={id}
          className="field-input field-select"
          value={value}
          onChange={(event) => onValueChange(event.target.value)}
          data-testid={testId}
          aria-invalid={error ? true : undefined}
        >
          <option value="">{placeholder}</option>
          {all.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <div className="field-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}
