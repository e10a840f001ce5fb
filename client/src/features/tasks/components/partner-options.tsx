import { useWorkspace } from '@/features/projects/api/workspace-context';

/** The options of an association select: "none" (labelled `noneLabel`), then each active partner of the project. */
export function PartnerOptions({ noneLabel }: { noneLabel: string }) {
  const { activePartners, associationNames } = useWorkspace();
  return (
    <>
      <option value="">{noneLabel}</option>
      {activePartners.map((partner) => (
        <option key={partner.associationId} value={partner.associationId}>
          {associationNames.get(partner.associationId)}
        </option>
      ))}
    </>
  );
}
