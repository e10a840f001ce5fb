import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { sessionStore, type Session } from '@/lib/session';
import { queryClient } from '@/lib/query-client';

export interface RegisterInput {
  email: string;
  password: string;
  displayName: string;
  locale?: string;
}

export interface LoginInput {
  email: string;
  password: string;
}

export const register = (input: RegisterInput) => api.post<Session>('/auth/register', input, { authenticated: false });
export const login = (input: LoginInput) => api.post<Session>('/auth/login', input, { authenticated: false });

export function useRegister() {
  return useMutation({ mutationFn: register, onSuccess: (session) => sessionStore.set(session) });
}

export function useLogin() {
  return useMutation({ mutationFn: login, onSuccess: (session) => sessionStore.set(session) });
}

export async function logout(): Promise<void> {
  const refreshToken = sessionStore.get()?.refreshToken;
  try {
    if (refreshToken) await api.post('/auth/logout', { refreshToken }, { authenticated: false });
  } finally {
    sessionStore.set(null);
    queryClient.clear();
  }
}

export const requestPasswordReset = (email: string) => api.post<void>('/auth/password-reset', { email }, { authenticated: false });
export const confirmPasswordReset = (input: { token: string; password: string }) =>
  api.post<void>('/auth/password-reset/confirm', input, { authenticated: false });

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export function useConfirmPasswordReset() {
  return useMutation({ mutationFn: confirmPasswordReset });
}
