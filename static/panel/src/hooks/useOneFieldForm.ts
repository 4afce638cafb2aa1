/**
 * The state of a panel form of one field sent by one action: a confirmation's revocation reason, a waiver
 * request's reason, a condition's new evidence link (gates/RevokeForm.tsx, Items.tsx, gates/EvidenceForm.tsx).
 * The field is focused when the form opens and again when its value is refused; the server's refusal is kept
 * for the form to show; the form closes (`onDone`) when the action succeeds.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../src/shared/api';

export function useOneFieldForm<E extends HTMLInputElement | HTMLTextAreaElement>(opts: {
  initial?: string;
  /** The value to send, or why it cannot be sent (in the person's language). */
  check: (value: string) => { value: string } | { error: string };
  send: (value: string) => Promise<{ ok: true } | { ok: false; error: ApiError }>;
  onDone: () => void;
}) {
  const [value, setValue] = useState(opts.initial ?? '');
  const [error, setError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<E>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const checked = opts.check(value);
    if ('error' in checked) {
      setError(checked.error);
      ref.current?.focus();
      return;
    }
    setError(null);
    setBusy(true);
    const outcome = await opts.send(checked.value);
    setBusy(false);
    if (outcome.ok) opts.onDone();
    else setServerError(outcome.error);
  };
  return { value, setValue, error, serverError, busy, ref, submit };
}
