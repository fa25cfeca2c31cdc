import type { RetrainDecision, SeriesAliasMove, SeriesVersion, TrainingRun, VersionAccuracy } from '../db';
import { formatNumber, formatShare, formatTime } from './format';
import { html, type SafeHtml } from './html';
import { table } from './layout';
import type { TemporalUi } from './temporal-links';

const WINDOWS = ['1h', '24h', '7d'] as const;

/** Live accuracy per model version: the rolling windows now, and the daily MAE before. */
export function scoresSection(accuracy: readonly VersionAccuracy[]): SafeHtml {
  const rows = accuracy.map((v) => {
    const cells = WINDOWS.map((w) => {
      const s = v.windows[w];
      return s
        ? html`<td class="num">${formatNumber(s.mae)}</td>
            <td class="num">${formatShare(s.coverage80)} / ${formatShare(s.coverage95)}</td>
            <td class="num">${s.n}</td>`
        : html`<td>–</td>
            <td>–</td>
            <td>–</td>`;
    });
    const daily = v.buckets
      .map((b) => `${formatTime(b.bucketStart).slice(5, 10)}: ${formatNumber(b.mae)}`)
      .join(' · ');
    return html`<tr>
      <td>${v.externalName ?? v.kind} v${v.version} <span class="id">#${v.modelVersionId}</span></td>
      ${cells}
      <td class="small">${daily || '–'}</td>
    </tr>`;
  });
  const headers = WINDOWS.flatMap((w) => [`MAE ${w}`, `cov80/95 ${w}`, `n ${w}`]);
  return table('Model scores (reconciled forecasts)', ['model', ...headers, 'daily MAE'], rows, 'scores');
}

/** Training runs and search trials, newest first: the scores each model kind reached when trained. */
export function runsSection(runs: readonly TrainingRun[]): SafeHtml {
  const rows = runs.map(
    (r) =>
      html`<tr>
        <td>${formatTime(r.createdAt)}</td>
        <td>${r.kind}</td>
        <td>${r.status}</td>
        <td>${r.searchId ? `trial ${r.trial ?? '?'}` : 'run'}</td>
        <td class="num">${formatNumber(r.metrics?.mae)}</td>
        <td class="num">${formatNumber(r.metrics?.mase)}</td>
        <td class="num">${formatShare(r.metrics?.coverage80)} / ${formatShare(r.metrics?.coverage95)}</td>
        <td>${r.modelVersionId === null ? '–' : `#${r.modelVersionId}`}</td>
        <td class="small">${r.runId}</td>
      </tr>`,
  );
  return table(
    'Training runs',
    ['at', 'kind', 'status', 'type', 'MAE', 'MASE', 'cov80/95', 'version', 'run id'],
    rows,
    'runs',
  );
}

/** Registered versions, newest first, with the aliases pointing at them now. */
export function versionsSection(versions: readonly SeriesVersion[]): SafeHtml {
  const rows = [...versions].reverse().map((v) => {
    const aliases = v.aliases.map((a) => html`<span class="alias alias-${a}">${a}</span> `);
    return html`<tr>
      <td>#${v.id}</td>
      <td>${v.externalName ?? v.kind}</td>
      <td>v${v.version}</td>
      <td>${v.granularity} × ${v.horizon}</td>
      <td>${aliases.length ? aliases : '–'}</td>
      <td>${formatTime(v.createdAt)}</td>
      <td class="num">${formatNumber(v.validationMetrics?.mae)}</td>
      <td class="num">
        ${formatShare(v.validationMetrics?.coverage80)} / ${formatShare(v.validationMetrics?.coverage95)}
      </td>
    </tr>`;
  });
  return table(
    'Registry versions',
    ['id', 'kind', 'version', 'key', 'aliases', 'registered', 'val. MAE', 'val. cov80/95'],
    rows,
    'versions',
  );
}

const versionLabel = (id: number | null): string => (id === null ? '–' : `#${id}`);

/** Champion and challenger moves, newest first. */
export function aliasHistorySection(moves: readonly SeriesAliasMove[]): SafeHtml {
  const rows = [...moves].reverse().map(
    (m) =>
      html`<tr>
        <td>${formatTime(m.at)}</td>
        <td><span class="alias alias-${m.alias}">${m.alias}</span></td>
        <td>${m.action}</td>
        <td>${versionLabel(m.fromVersionId)} → ${versionLabel(m.toVersionId)}</td>
        <td>h=${m.horizon}</td>
        <td>${m.reason}</td>
      </tr>`,
  );
  return table(
    'Alias history',
    ['at', 'alias', 'action', 'versions', 'key', 'reason'],
    rows,
    'alias-history',
  );
}

/** Retrain decisions, newest first, each linked to the runs of its workflow id in the Temporal UI. */
export function decisionsSection(decisions: readonly RetrainDecision[], ui: TemporalUi): SafeHtml {
  const rows = decisions.map(
    (d) =>
      html`<tr>
        <td>${formatTime(d.startedAt)}</td>
        <td>${d.reason}</td>
        <td><span class="decision decision-${d.status}">${d.status}</span></td>
        <td>${d.selectedKind ?? '–'}</td>
        <td>${versionLabel(d.championBeforeId)} → ${versionLabel(d.championAfterId)}</td>
        <td>${d.explanation ?? '–'}</td>
        <td><a href="${ui.runs(d.workflowId)}">${d.workflowId}</a></td>
      </tr>`,
  );
  return table(
    'Retrain decisions',
    ['requested', 'reason', 'outcome', 'challenger', 'champion', 'why', 'workflow'],
    rows,
    'decisions',
  );
}
