// The data page's state and its vocabulary: the nine metrics, the detail dimensions, the ranges of each
// granularity, and the filters as query parameters (the same for every part of the page and the download).
import * as fmt from '../../format.js';

/** The nine metrics: column id, field of the API, formatter. */
export const METRICS = [
  { id: 'spend', field: 'spendFen', f: fmt.money, money: true },
  { id: 'impressions', field: 'impressions', f: fmt.count },
  { id: 'cpm', field: 'cpmFen', f: fmt.money, money: true },
  { id: 'clicks', field: 'clicks', f: fmt.count },
  { id: 'ctr', field: 'ctr', f: v => fmt.pct(v), ratio: true },
  { id: 'cpc', field: 'cpcFen', f: fmt.money, money: true },
  { id: 'conversions', field: 'conversions', f: fmt.count },
  { id: 'cvr', field: 'cvr', f: v => fmt.pct(v), ratio: true },
  { id: 'cost', field: 'cpaFen', f: fmt.money, money: true },
];
export const DIMENSIONS = ['time', 'client', 'goal', 'event', 'campaign', 'unit'];
export const MODES = ['smart', 'search', 'display', 'external'];
const DEFAULT_COLUMNS = ['impressions', 'clicks', 'spend', 'conversions', 'cost'];
export const RANGES = { hour: ['today', 'yesterday', '7d', 'custom'], day: ['today', 'yesterday', '7d', '30d', '90d', '180d', 'custom'] };
const RANGE_LABELS = { '7d': 'home.d7', '30d': 'home.d30', '90d': 'data.d90', '180d': 'data.d180' };
export const rangeLabel = r => RANGE_LABELS[r] || 'home.' + r;
/** Metric ids a sort may name, with "-" for descending (the server checks the same). */
const SORTABLE = new Set(METRICS.map(m => m.id));

/** The page's state from its address: a day chart of one day is one point, so by day it opens on the last 7 days. */
export function initialState(params) {
  const hourly = params.granularity === 'hour';
  const s = {
    clientId: params.client || '', clientName: '', goal: params.goal || '', mode: MODES.includes(params.mode) ? params.mode : '',
    attribution: params.attribution || 'billing', granularity: hourly ? 'hour' : 'day',
    range: params.range || (hourly ? 'today' : '7d'), from: params.from || '', to: params.to || '',
    compare: params.compare === 'true', trendMetric: 'spend',
    dimensions: ['client'], columns: [...DEFAULT_COLUMNS], sort: SORTABLE.has(String(params.sort || '').replace(/^-/, '')) ? params.sort : '',
    page: 1, pageSize: 20, template: '',
  };
  if (!RANGES[s.granularity].includes(s.range)) s.range = 'today';
  return s;
}

/** The filters shared by every read of the page. */
export const filterParams = s => ({
  attribution: s.attribution, granularity: s.granularity, range: s.range, clientId: s.clientId, goal: s.goal, mode: s.mode,
  ...(s.range === 'custom' ? { from: s.from, to: s.to } : {}),
});

/** yyyy-mm-dd of a moment in the browser's zone (the agency's, for the people using it). */
export const localDay = d => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
