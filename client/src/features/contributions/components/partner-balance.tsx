import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Notice, QueryBoundary } from '@/components/ui/feedback';
import { useProjectSummary } from '../api/contributions';
import { formatEuros, formatQuantity, formatShare } from '../api/format';
import './contributions.css';

/** Above this share of the value, one partner carries the project: the overview says so. */
const LOPSIDED_SHARE = 0.75;

/** Each partner's work and means side by side (tasks done, volunteer hours, value, share), from the summary. */
export function PartnerBalance({ projectId }: { projectId: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const summary = useProjectSummary(projectId);

  return (
    <section aria-labelledby="partner-balance" className="section">
      <h2 id="partner-balance">{t('contributions.balance.title')}</h2>
      <QueryBoundary query={summary}>
        {() => {
          const data = summary.data!;
          const partners = [...data.partners].sort((a, b) => b.shareOfValue - a.shareOfValue || b.tasks.done - a.tasks.done);
          const heaviest = partners[0];
          const tasksDone = partners.reduce((sum, partner) => sum + partner.tasks.done, 0);
          return (
            <>
              {heaviest && partners.length > 1 && heaviest.shareOfValue >= LOPSIDED_SHARE && (
                <Notice tone="warning">
                  {t('contributions.balance.lopsided', { name: heaviest.name, share: formatShare(heaviest.shareOfValue, locale) })}
                </Notice>
              )}
              <div className="balance-frame">
                <table className="balance">
                  <caption>{t('contributions.balance.intro')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('contributions.balance.association')}</th>
                      <th scope="col" className="number">
                        {t('contributions.balance.tasksDone')}
                      </th>
                      <th scope="col" className="number">
                        {t('contributions.balance.hours')}
                      </th>
                      <th scope="col" className="number">
                        {t('contributions.balance.value')}
                      </th>
                      <th scope="col" className="number">
                        {t('contributions.balance.share')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {partners.map((partner) => (
                      <tr key={partner.associationId}>
                        <th scope="row">
                          {partner.name}
                          {partner.isCoordinator && <span className="muted"> ({t('contributions.balance.coordinator')})</span>}
                        </th>
                        <td className="number" data-label={t('contributions.balance.tasksDone')}>
                          {partner.tasks.done}
                        </td>
                        <td className="number" data-label={t('contributions.balance.hours')}>
                          {formatQuantity(partner.volunteerHours, locale)} h
                        </td>
                        <td className="number" data-label={t('contributions.balance.value')}>
                          {formatEuros(sumValue(partner.contributions), locale)}
                        </td>
                        <td className="number" data-label={t('contributions.balance.share')}>
                          {formatShare(partner.shareOfValue, locale)}
                          <span className="balance__bar" aria-hidden="true">
                            <span style={{ width: `${Math.round(partner.shareOfValue * 100)}%` }} />
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('contributions.balance.total')}</th>
                      <td className="number" data-label={t('contributions.balance.tasksDone')}>
                        {tasksDone}
                      </td>
                      <td className="number" data-label={t('contributions.balance.hours')}>
                        {formatQuantity(data.totals.volunteerHours, locale)} h
                      </td>
                      <td className="number" data-label={t('contributions.balance.value')}>
                        {formatEuros(data.totals.valueEuros, locale)}
                      </td>
                      <td className="number" data-label={t('contributions.balance.share')}>
                        {data.totals.valueEuros > 0 ? formatShare(1, locale) : '–'}
                      </td>
                    </tr>
                  </tfoot>
                </table>
              </div>
              <Link to="contributions">{t('contributions.balance.seeContributions')}</Link>
            </>
          );
        }}
      </QueryBoundary>
    </section>
  );
}

const sumValue = (byKind: Record<string, { valueEuros: number }>) => Object.values(byKind).reduce((sum, kind) => sum + kind.valueEuros, 0);
