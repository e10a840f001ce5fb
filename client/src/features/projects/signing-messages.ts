// The coordinator's signature is recorded by creating a project and by publishing a charter version:
// both forms say so before anyone presses.
export const signingFr = {
  onCreate:
    'En créant l’action commune, vous signez la version 1 de la charte au nom de {{association}}, qui en devient le chef de file. Vous pourrez relire et modifier la charte ensuite ; les partenaires la signeront à leur tour.',
  onPublish: 'En publiant, vous signez cette version (version {{version}}) au nom de {{association}}. Les autres partenaires devront la signer à nouveau.',
};

export const signingEn: typeof signingFr = {
  onCreate:
    'By creating the joint project, you sign version 1 of the charter on behalf of {{association}}, which becomes its coordinator. You can read and edit the charter afterwards; partners will sign it in turn.',
  onPublish: 'By publishing, you sign this version (version {{version}}) on behalf of {{association}}. The other partners will have to sign it again.',
};
