/**
 * State of a dialog that is mounted only while shown (and while closing), so every opening starts
 * with a fresh form and only the visible dialog listens for Esc.
 */
import { useCallback, useState } from 'react';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  afterClose: () => void;
}

export interface DialogState<T> {
  payload: T;
  open: boolean;
  /** Changes with every opening: use as the dialog's `key`. */
  seq: number;
}

export interface DialogControl<T> {
  state: DialogState<T> | null;
  show: (payload: T) => void;
  close: () => void;
  /** Props for the dialog component: `open`, `onClose`, `afterClose`. */
  props: DialogProps;
}

export function useDialog<T = true>(): DialogControl<T> {
  const [state, setState] = useState<DialogState<T> | null>(null);
  const show = useCallback((payload: T) => setState((current) => ({ payload, open: true, seq: (current?.seq ?? 0) + 1 })), []);
  const close = useCallback(() => setState((current) => (current ? { ...current, open: false } : null)), []);
  const clear = useCallback(() => setState(null), []);
  return { state, show, close, props: { open: state?.open ?? false, onClose: close, afterClose: clear } };
}
