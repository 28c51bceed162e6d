// Data overview (数据): filters (client, marketing goal, promotion mode, attribution, hour/day granularity
// and range, compare with history), the nine metrics with change and trend, top-5 panels that drill down
// industry → client → goal → event inside each panel, and the detail table with a dimension and column
// picker (saved as named templates) and a sort by any metric. Figures come from the persisted aggregates.
// The parts live in pages/data/: model (state and filters as parameters), filters, metrics, top, detail.
import { registerPage } from '../app.js';
import { ApiError } from '../api.js';
import { registerMessages, t } from '../i18n.js';
import { initialState } from './data/model.js';
import { filtersHtml, wireFilters } from './data/filters.js';
import { metricsHtml, metricsPanel } from './data/metrics.js';
import { topHtml, topPanels } from './data/top.js';
import { detailHtml, detailPanel } from './data/detail.js';

registerMessages({
  'zh-CN': {
    'data.title': '数据概览', 'data.client': '委托人', 'data.allClients': '全部委托人', 'data.clientSearch': '搜索委托人',
    'data.goal': '营销目标', 'data.allGoals': '全部目标', 'data.granularity': '时间粒度',
    'data.hour': '分时', 'data.day': '分日', 'data.range': '时间范围', 'data.d90': '近90天', 'data.d180': '近180天',
    'data.mode': '推广方式', 'data.allModes': '全部推广方式', 'data.sortBy': '排序', 'data.sortDefault': '默认（时间、消耗）',
    'data.sortDirection': '排序方向', 'data.desc': '从高到低', 'data.asc': '从低到高',
    'data.compare': '对比历史', 'data.metrics': '核心指标', 'data.trend': '趋势', 'data.trendOf': '趋势指标',
    'data.previous': '上一周期', 'data.top': 'Top 5', 'data.share': '占比', 'data.noData': '暂无数据',
    'data.byIndustry': '行业', 'data.byClient': '委托人', 'data.byGoal': '营销目标', 'data.byEvent': '转化事件',
    'data.all': '全部', 'data.drillHint': '点击下钻',
    'data.detail': '数据明细', 'data.dimensions': '维度', 'data.columns': '指标列', 'data.needsClient': '需先选择委托人',
    'data.template': '模板', 'data.noTemplate': '（未选择模板）', 'data.saveTemplate': '保存为模板', 'data.deleteTemplate': '删除模板',
    'data.templateName': '模板名称', 'data.templateSaved': '模板已保存', 'data.templateDeleted': '模板已删除',
    'data.rows': '共 {n} 行', 'data.asOf': '数据截至 {t}（今日数据来自已落库的小时汇总，约有数秒延迟）',
    'dim.time': '时间', 'dim.client': '委托人', 'dim.goal': '营销目标', 'dim.event': '转化事件', 'dim.campaign': '计划', 'dim.unit': '单元',
    'm.spend': '消耗', 'm.impressions': '展现', 'm.cpm': '千次展现成本', 'm.clicks': '点击', 'm.ctr': '点击率',
    'm.cpc': '平均点击成本', 'm.conversions': '转化数', 'm.cvr': '转化率', 'm.cost': '平均转化成本',
  },
  en: {
    'data.title': 'Data overview', 'data.client': 'Client', 'data.allClients': 'All clients', 'data.clientSearch': 'Search clients',
    'data.goal': 'Marketing goal', 'data.allGoals': 'All goals', 'data.granularity': 'Granularity',
    'data.hour': 'By hour', 'data.day': 'By day', 'data.range': 'Range', 'data.d90': 'Last 90 days', 'data.d180': 'Last 180 days',
    'data.mode': 'Promotion mode', 'data.allModes': 'All modes', 'data.sortBy': 'Sort by', 'data.sortDefault': 'Default (time, spend)',
    'data.sortDirection': 'Sort direction', 'data.desc': 'High to low', 'data.asc': 'Low to high',
    'data.compare': 'Compare with history', 'data.metrics': 'Key metrics', 'data.trend': 'Trend', 'data.trendOf': 'Trend metric',
    'data.previous': 'Previous period', 'data.top': 'Top 5', 'data.share': 'Share', 'data.noData': 'No data',
    'data.byIndustry': 'Industry', 'data.byClient': 'Client', 'data.byGoal': 'Marketing goal', 'data.byEvent': 'Conversion event',
    'data.all': 'All', 'data.drillHint': 'Select to drill down',
    'data.detail': 'Detail', 'data.dimensions': 'Dimensions', 'data.columns': 'Columns', 'data.needsClient': 'Choose a client first',
    'data.template': 'Template', 'data.noTemplate': '(no template)', 'data.saveTemplate': 'Save as template', 'data.deleteTemplate': 'Delete template',
    'data.templateName': 'Template name', 'data.templateSaved': 'Template saved', 'data.templateDeleted': 'Template deleted',
    'data.rows': '{n} rows', 'data.asOf': 'As of {t} (today comes from the persisted hourly aggregates, a few seconds behind)',
    'dim.time': 'Time', 'dim.client': 'Client', 'dim.goal': 'Goal', 'dim.event': 'Conversion event', 'dim.campaign': 'Campaign', 'dim.unit': 'Unit',
    'm.spend': 'Spend', 'm.impressions': 'Impressions', 'm.cpm': 'CPM', 'm.clicks': 'Clicks', 'm.ctr': 'CTR',
    'm.cpc': 'Avg. CPC', 'm.conversions': 'Conversions', 'm.cvr': 'CVR', 'm.cost': 'Avg. CPA',
  },
});

registerPage('data', {
  title: { 'zh-CN': '数据', en: 'Data' },
  nav: true,
  order: 25,
  capability: 'CLIENTS_VIEW',
  identity: 'any',
  async render(el, ctx) {
    const { api } = ctx;
    const s = initialState(ctx.params);
    el.dataset.page = 'data';
    el.innerHTML = `<h1>${t('data.title')}</h1>${filtersHtml(s)}<p class="form-error" role="alert" data-error></p>
      ${metricsHtml()}${topHtml()}${detailHtml(ctx.can('EXPORTS'))}`;
    const errorEl = el.querySelector('[data-error]');
    const showError = e => {
      errorEl.textContent = e instanceof ApiError && e.errors.length ? e.errors.map(x => `${x.field}: ${x.message}`).join('; ') : e.message;
    };
    const metrics = metricsPanel(el, api, s, showError);
    const tops = topPanels(el, api, s, showError);
    const detail = detailPanel(el, ctx, s, showError);
    const loadAll = () => Promise.all([metrics.load(), tops.loadAll(), detail.load()]);

    s.clientName = await clientName(api, s.clientId, showError);
    wireFilters(el, api, s, {
      changed() {
        errorEl.textContent = '';
        s.page = 1;
        tops.reset();
        detail.clientChanged();
        loadAll();
      },
      compared: () => metrics.load(),
    });
    detail.clientChanged();
    await Promise.all([loadAll(), detail.loadTemplates()]);
    return () => metrics.dispose();
  },
});

/** The name of a client given by its id in the address (the monitoring table's "数据" link). */
async function clientName(api, clientId, showError) {
  if (!clientId) return '';
  try {
    return (await api.get('data/top', { dimension: 'client', clientId, range: '180d' })).rows[0]?.label || '';
  } catch (e) { showError(e); return ''; }
}
