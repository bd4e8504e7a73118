import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

// Short confirmations of what an action did ("Agent archived"), shown for a few
// seconds in one polite live region. State lives in the provider, not a module.

export type ToastKind = 'success' | 'error';

interface Toast {
  id: number;
  message: string;
  kind: ToastKind;
}

type Notify = (message: string, kind?: ToastKind) => void;

const ToastContext = createContext<Notify | null>(null);

/** How long a toast stays; long enough to read a short sentence twice. */
const TOAST_MS = 4000;

function ToastItem({ toast, onDone }: { toast: Toast; onDone: (id: number) => void }) {
  useEffect(() => {
    const t = setTimeout(() => onDone(toast.id), TOAST_MS);
    return () => clearTimeout(t);
  }, [toast.id, onDone]);
  return (
    <div className={`toast toast-${toast.kind}`} data-testid="toast">
      <span>{toast.message}</span>
      <button type="button" className="link" aria-label="Dismiss" onClick={() => onDone(toast.id)}>
        ×
      </button>
    </div>
  );
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>((message, kind = 'success') => {
    const id = nextId.current++;
    setToasts((ts) => [...ts, { id, message, kind }]);
  }, []);
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} onDone={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** Shows a toast; success unless told otherwise. */
export function useToast(): Notify {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast outside ToastProvider');
  return ctx;
}
