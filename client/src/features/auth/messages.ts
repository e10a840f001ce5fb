// Password reset: the "forgotten password" link, the request page and the new-password page.
export const passwordResetFr = {
  forgotten: 'Mot de passe oublié ?',
  requestTitle: 'Mot de passe oublié',
  requestLead: 'Saisissez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.',
  send: 'Recevoir le lien',
  sent: 'Si un compte utilise cette adresse, un e-mail vient de lui être envoyé. Le lien est valable une heure.',
  confirmTitle: 'Nouveau mot de passe',
  newPassword: 'Nouveau mot de passe',
  newPasswordHint: 'Au moins 8 caractères. Toutes vos sessions seront fermées.',
  save: 'Changer le mot de passe',
  done: 'Votre mot de passe a été changé. Connectez-vous avec le nouveau.',
  badLink: 'Ce lien n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau.',
  askAgain: 'Demander un nouveau lien',
  backToSignIn: 'Revenir à la connexion',
};

export const passwordResetEn: typeof passwordResetFr = {
  forgotten: 'Forgot your password?',
  requestTitle: 'Forgotten password',
  requestLead: 'Enter your account’s e-mail address: we will send you a link to choose a new password.',
  send: 'Send me the link',
  sent: 'If an account uses this address, an e-mail has just been sent to it. The link works for one hour.',
  confirmTitle: 'New password',
  newPassword: 'New password',
  newPasswordHint: 'At least 8 characters. All your sessions will be signed out.',
  save: 'Change the password',
  done: 'Your password has been changed. Sign in with the new one.',
  badLink: 'This link no longer works (already used or expired). Ask for a new one.',
  askAgain: 'Ask for a new link',
  backToSignIn: 'Back to sign-in',
};
