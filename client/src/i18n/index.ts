import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { fr } from './fr';
import { en } from './en';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'maillage.language';

export function pickLanguage(candidate: string | null | undefined): Language {
  const short = candidate?.slice(0, 2).toLowerCase();
  return (LANGUAGES as readonly string[]).includes(short ?? '') ? (short as Language) : 'fr';
}

function storedLanguage(): Language {
  try {
    return pickLanguage(globalThis.localStorage?.getItem(STORAGE_KEY));
  } catch {
    return 'fr';
  }
}

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLanguage(language: string): void {
  const next = pickLanguage(language);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // storage refused: the choice lasts for this visit
  }
  void i18n.changeLanguage(next);
}

i18n.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export default i18n;
