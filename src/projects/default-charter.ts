import type { Locale } from '../users/schemas/user.schema';

/**
 * The charter a new project starts from, drawn from the inter-associative ethical principles the
 * networks of French associations share: each association keeps its autonomy and identity, means
 * are transparent, credit is fair, decisions are shared, and disagreements have a way out. The
 * coordinator edits it before inviting partners; each partner signs the version it agreed to.
 */
export const DEFAULT_CHARTER: Record<Locale, string> = {
  fr: `# Charte de coopération

Les associations signataires conduisent ensemble cette action commune. Elles s'engagent sur les principes suivants.

## 1. Autonomie et identité de chaque association
Chaque association reste maître de son projet associatif, de ses instances, de ses valeurs et de sa parole publique. Participer à l'action commune n'engage pas une association au-delà de ce qu'elle a accepté. Aucune association ne parle au nom d'une autre sans son accord.

## 2. Transparence sur les moyens
Les partenaires partagent ce que chacun apporte (argent, heures bénévoles, locaux, matériel, services) et ce que l'action coûte. Les financements obtenus pour l'action commune, leur origine et leur usage sont connus de tous les partenaires.

## 3. Juste reconnaissance et visibilité
La contribution de chaque association est reconnue et rendue visible : sur les supports de communication, auprès des financeurs et dans les bilans. Le nom et le logo de chaque partenaire apparaissent selon des règles convenues ensemble.

## 4. Décisions partagées
Les décisions qui engagent l'action commune sont prises ensemble, chaque association partenaire disposant d'une voix. L'association chef de file coordonne et rend compte ; elle ne décide pas seule de ce qui engage les autres. Les changements de cette charte sont soumis à la signature de chaque partenaire.

## 5. Règlement des désaccords
En cas de désaccord, les partenaires concernés cherchent d'abord une solution directe. À défaut, ils demandent une médiation à une personne tierce acceptée par tous. Si la médiation échoue, la question est tranchée par l'ensemble des partenaires ; une association peut toujours se retirer de l'action commune en prévenant les autres, sans que ses apports passés soient effacés.

## 6. Engagement
Chaque association signe cette charte par l'intermédiaire d'un·e de ses responsables. Une nouvelle version de la charte est signée à nouveau par chaque partenaire.
`,
  en: `# Cooperation charter

The signatory associations run this joint project together. They commit to the following principles.

## 1. Each association's autonomy and identity
Each association remains in charge of its own purpose, governance, values and public voice. Taking part in the joint project does not commit an association beyond what it agreed to. No association speaks on behalf of another without its consent.

## 2. Transparency on means
Partners share what each one brings (money, volunteer hours, premises, equipment, services) and what the project costs. Funding obtained for the joint project, where it comes from and how it is used are known to every partner.

## 3. Fair credit and visibility
Each association's contribution is acknowledged and made visible: in communication, to funders and in reports. Each partner's name and logo appear according to rules agreed together.

## 4. Shared decisions
Decisions that commit the joint project are taken together, each partner association having one voice. The coordinating association coordinates and reports back; it does not decide alone on what commits the others. Changes to this charter are submitted to every partner's signature.

## 5. Settling disagreements
When partners disagree, those concerned first look for a direct solution. Failing that, they ask a third person accepted by all to mediate. If mediation fails, all the partners settle the question together; an association may always withdraw from the joint project after notifying the others, and its past contributions are not erased.

## 6. Commitment
Each association signs this charter through one of its officers. Each new version of the charter is signed again by every partner.
`,
};

export function defaultCharterText(locale: string | undefined): string {
  return locale === 'en' ? DEFAULT_CHARTER.en : DEFAULT_CHARTER.fr;
}
