// The activity log's chart: the runs made in the background each day of the last week, a bar a
// day (failures stacked on top), with a sentence for screen readers and a caption with the totals.
import { html, svg } from 'lit';
import { DAYS_SHOWN, describeChart, type DayCount } from '../app/activitySummary';

/** The chart's geometry, in SVG units. */
const BAR_WIDTH = 22;
const BAR_GAP = 10;
const CHART_HEIGHT = 48;
const LABEL_HEIGHT = 14;

export function renderActivityChart(days: DayCount[]) {
  const most = Math.max(1, ...days.map((day) => day.ok + day.failed));
  const total = days.reduce((sum, day) => sum + day.ok + day.failed, 0);
  const failed = days.reduce((sum, day) => sum + day.failed, 0);
  const width = days.length * (BAR_WIDTH + BAR_GAP) - BAR_GAP;
  const scale = (count: number) => (count / most) * CHART_HEIGHT;
  return html`<figure data-testid="activity-chart">
    <svg
      viewBox="0 0 ${width} ${CHART_HEIGHT + LABEL_HEIGHT}"
      width=${width * 1.5}
      role="img"
      aria-label=${describeChart(days)}
    >
      <line
        class="baseline"
        x1="0"
        x2=${width}
        y1=${CHART_HEIGHT + 0.5}
        y2=${CHART_HEIGHT + 0.5}
      ></line>
      ${days.map((day, index) => {
        const x = index * (BAR_WIDTH + BAR_GAP);
        const ok = scale(day.ok);
        const bad = scale(day.failed);
        return svg`<rect class="bar-ok" x=${x} y=${CHART_HEIGHT - ok} width=${BAR_WIDTH} height=${ok}></rect>
          <rect class="bar-failed" x=${x} y=${CHART_HEIGHT - ok - bad} width=${BAR_WIDTH} height=${bad}></rect>
          <text class="bar-label" x=${x + BAR_WIDTH / 2} y=${CHART_HEIGHT + LABEL_HEIGHT - 3} text-anchor="middle">${
            index === days.length - 1 ? 'Today' : day.label
          }</text>`;
      })}
    </svg>
    <figcaption>
      ${
        total === 0
          ? `Nothing ran in the background in the last ${DAYS_SHOWN} days.`
          : `${total} background ${total === 1 ? 'run' : 'runs'} in the last ${DAYS_SHOWN} days${
              failed > 0 ? `, ${failed} failed` : ''
            }.`
      }
    </figcaption>
  </figure>`;
}
