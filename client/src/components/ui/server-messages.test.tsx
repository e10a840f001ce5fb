import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import i18n from '@/i18n';
import { ApiError, type ProblemDetails } from '@/lib/api-client';
import { TextField } from './fields';
import { FormAlert, fieldErrorsOf } from './feedback';

// What the server refuses is said in the reader's language: its English never reaches a French screen.
const problem = (status: number, extras: Partial<ProblemDetails>) =>
  new ApiError(status, { status, type: 'x', title: 'x', detail: 'The request has invalid fields', errors: [], ...extras });

/** A form as the screens build it: the alert, then the fields with their own errors. */
function Form({ error, fields }: { error: unknown; fields: string[] }) {
  const fieldError = fieldErrorsOf(error);
  return (
    <form>
      <FormAlert error={error} fields={fields} />
      {fields.map((field) => (
        <TextField key={field} label={field} name={field} error={fieldError(field)} />
      ))}
    </form>
  );
}

const ENGLISH = /\b(must|the|is|are|of|this|you|not|before|after|admin of|leaving|field)\b/i;

describe('server messages in a French screen', () => {
  beforeEach(() => i18n.changeLanguage('fr'));
  afterEach(cleanup);

  it('words a date-order refusal in French', () => {
    const error = problem(400, {
      code: 'validation_failed',
      errors: [{ field: 'endDate', message: 'must not be before startDate', code: 'not_before_start' }],
    });
    const { container } = render(<Form error={error} fields={['startDate', 'endDate']} />);
    expect(container.textContent).toContain('La fin ne peut pas précéder le début.');
    expect(container.textContent?.replace(/startDate|endDate/g, '')).not.toMatch(ENGLISH);
  });

  it('words the last admin’s refusal once, in French, without a false "someone changed it"', () => {
    const error = problem(409, { code: 'last_admin', detail: 'You are the last admin of this association: make another member admin before leaving' });
    const { container } = render(<FormAlert error={error} />);
    expect(container.textContent).toBe('Vous êtes la dernière personne admin de cette association : nommez d’abord un autre membre admin.');
  });

  it('never shows an unknown English field message, nor an English detail, to a French reader', () => {
    const error = problem(400, { code: 'validation_failed', errors: [{ field: 'title', message: 'is something the client never heard of' }] });
    const { container } = render(<Form error={error} fields={['title']} />);
    expect(container.textContent).toContain('Cette valeur n’est pas acceptée.');
    expect(container.textContent).not.toMatch(ENGLISH);
    const forbidden = problem(403, { code: 'forbidden', detail: 'Only an admin of the coordinating association can do this' });
    expect(render(<FormAlert error={forbidden} />).container.textContent).toBe('Vous n’avez pas le droit de faire cela.');
  });

  it('says a refusal of a field the form does not show', () => {
    const error = problem(400, {
      code: 'validation_failed',
      errors: [{ field: 'locale', message: 'must be one of the following values: fr, en', code: 'isIn' }],
    });
    const { container } = render(<Form error={error} fields={['email']} />);
    expect(container.textContent).toContain('Choisissez une valeur dans la liste.');
  });

  it('never claims someone else changed it unless the version was stale', () => {
    const refused = problem(409, { code: 'conflict', detail: 'Only an active partner can become the coordinator' });
    expect(render(<FormAlert error={refused} />).container.textContent).not.toMatch(/Quelqu’un|entre-temps/);
    const stale = problem(409, { code: 'stale_version', detail: 'This was changed by someone else; here is the current version' });
    expect(render(<FormAlert error={stale} />).container.textContent).toMatch(/Quelqu’un a modifié cet élément entre-temps/);
  });

  it('keeps the server’s words for an English reader when no code says more', async () => {
    await i18n.changeLanguage('en');
    const error = problem(409, { code: 'conflict', detail: 'Only an active partner can become the coordinator' });
    expect(render(<FormAlert error={error} />).container.textContent).toContain('Only an active partner can become the coordinator');
  });
});
