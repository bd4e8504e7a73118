import { useRef, type ReactNode } from 'react';

interface Props {
  /** The button's text and its accessible name. */
  children: ReactNode;
  ariaLabel?: string;
  className?: string;
  disabled?: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
}

/**
 * A button that asks first, in a styled modal dialog (the native <dialog>: focus
 * is trapped, Escape cancels) instead of window.confirm.
 */
export function ConfirmButton({ children, ariaLabel, className, disabled, title, message, confirmLabel, onConfirm }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        className={className}
        aria-label={ariaLabel}
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {children}
      </button>
      <dialog ref={dialog} className="confirm" data-testid="confirm-dialog">
        <form
          method="dialog"
          onSubmit={(e) => {
            const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
            if (submitter?.value === 'confirm') onConfirm();
          }}
        >
          <h2>{title}</h2>
          <p>{message}</p>
          <div className="confirm-actions">
            <button type="submit" value="cancel" className="secondary" autoFocus>
              Cancel
            </button>
            <button type="submit" value="confirm" className="danger-fill">
              {confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
