// One chart of the explorer: plotly.js draws it once with Plotly.react, and redraws it in
// place (one redraw, no trace added and deleted) each time its data or layout change. A chart
// off screen is drawn when it scrolls into view. After each drawing the plot's element says
// which setting it shows (data-drawn), and whether it is on screen (data-onscreen).
function plotly() {
  const shared = (globalThis.socialcreditPlotly ??= {});
  shared.ready ??= new Promise((resolve) => (shared.resolve = resolve));
  return shared.ready;
}

const CONFIG = { displaylogo: false, responsive: true };

function render({ model, el }) {
  const plot = document.createElement("div");
  plot.className = "socialcredit-plot";
  plot.style.minHeight = `${model.get("figure_layout").height || 340}px`;
  el.appendChild(plot);
  let onScreen = false;
  let wanted = 1; // versions: the one the model holds, the one drawn
  let drawn = 0;
  let drawing = false;

  async function draw() {
    if (drawing || !onScreen || drawn === wanted) return;
    drawing = true;
    const version = wanted;
    const stamp = model.get("stamp");
    try {
      const Plotly = await plotly();
      await Plotly.react(plot, model.get("traces"), model.get("figure_layout"), CONFIG);
      drawn = version;
      plot.dataset.drawn = stamp;
    } finally {
      drawing = false;
    }
    draw();
  }

  const changed = () => {
    wanted += 1;
    draw();
  };
  // a new setting whose chart is the same changes only the stamp: Plotly.react then redraws
  // nothing, and the plot says it shows the new setting
  const changes = ["change:traces", "change:figure_layout", "change:stamp"];
  for (const change of changes) model.on(change, changed);
  const watcher = new IntersectionObserver(
    (entries) => {
      onScreen = entries[entries.length - 1].isIntersecting;
      plot.dataset.onscreen = onScreen ? "1" : "";
      draw();
    },
    { rootMargin: "100px" },
  );
  watcher.observe(plot);
  return () => {
    watcher.disconnect();
    for (const change of changes) model.off(change, changed);
    plotly().then((Plotly) => Plotly.purge(plot));
  };
}

export default { render };
