import { useEffect, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '@/lib/query-client';
import { useSession } from '@/lib/session';
import { setLanguage } from '@/i18n';

/** The signed-in user's language wins over the browser's once known. */
function LanguageFromSession() {
  const locale = useSession()?.user.locale;
  useEffect(() => {
    if (locale) setLanguage(locale);
  }, [locale]);
  return null;
}

export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <LanguageFromSession />
      {children}
    </QueryClientProvider>
  );
}
