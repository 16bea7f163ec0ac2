// The small chart of a processor's last minutes: lag in events (left axis) and events handled per second (right).
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';

const HEIGHT = 120;

function options(width) {
  return {
    width, height: HEIGHT,
    legend: {show: true, live: false},
    cursor: {show: false},
    scales: {x: {time: true}, lag: {range: (u, min, max) => [0, Math.max(10, max)]},
             rate: {range: (u, min, max) => [0, Math.max(1, max)]}},
    axes: [
      {size: 28, font: '11px system-ui', stroke: '#666'},
      {scale: 'lag', size: 44, font: '11px system-ui', stroke: '#b45309'},
      {scale: 'rate', side: 1, size: 44, font: '11px system-ui', stroke: '#1d4ed8', grid: {show: false}},
    ],
    series: [
      {},
      {label: 'lag', scale: 'lag', stroke: '#b45309', width: 2, spanGaps: false, points: {show: false}},
      {label: 'handled/s', scale: 'rate', stroke: '#1d4ed8', width: 1.5, fill: 'rgba(29,78,216,0.08)',
        points: {show: false}},
    ],
  };
}

function columns(history) {
  return [
    history.map((sample) => sample.at / 1000),
    history.map((sample) => sample.lag ?? null),
    history.map((sample) => sample.handledPerSecond),
  ];
}

/** Draws into the container and keeps the chart there, to be updated with each new history. */
export function drawChart(container, history) {
  const width = Math.max(240, container.clientWidth || 300);
  if (container.chart && Math.abs(container.chart.width - width) < 2) {
    container.chart.setData(columns(history));
    return;
  }
  if (container.chart) container.chart.destroy();
  container.chart = new uPlot(options(width), columns(history), container);
}
