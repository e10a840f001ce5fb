import { describe, expect, it } from 'vitest';
import i18n from '@/i18n';
import { translateFieldMessage } from './feedback';

describe(translateFieldMessage.name, () => {
  it('translates the usual server messages and keeps unknown ones', async () => {
    await i18n.changeLanguage('fr');
    expect(translateFieldMessage('must be an email address')).toBe('Saisissez une adresse e-mail valide.');
    expect(translateFieldMessage('must be at least 8 characters long')).toBe('Au moins 8 caractères.');
    expect(translateFieldMessage('something very specific')).toBe('something very specific');
    await i18n.changeLanguage('en');
    expect(translateFieldMessage('title should not be empty')).toBe('This field is required.');
    await i18n.changeLanguage('fr');
  });
});
