// Entry of the portal's custom Apache ECharts build (see build.sh): only what
// views/chart.go and static/js/charts.js use, so a chart page stays small.
//
// What the options (go-echarts chart.JSON(), one JSON data island per chart) hold:
//   series type "bar" (stacked, horizontal via XYReversal)   → BarChart
//   grid with containLabel, category/value axes               → GridComponent
//   tooltip trigger "axis", renderMode "richText" (charts.js) → TooltipComponent
//                                                               (brings the axis pointer)
//   legend, plain and type "scroll" (activities per year)     → LegendComponent
//   aria.enabled (the chart's description for screen readers) → AriaComponent
//   echarts.init(el, null, {renderer: "canvas"}), getDataURL   → CanvasRenderer
// The options also carry empty "title": {} and "toolbox": {} objects (go-echarts
// always writes them); they draw nothing, and without their components ECharts
// keeps them as plain option data, so TitleComponent and ToolboxComponent stay out.
// Add a component here (and rebuild) before a chart uses a new option.
import { use } from "echarts/core";
import { BarChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

// The global `echarts` (esbuild --global-name): the instance API of the full build's
// global. static/js/charts.js calls init, getInstanceByDom and, on an instance,
// setOption, resize and getDataURL. Exporting all of echarts/core (graphic, helper,
// registerMap, ...) would keep code no page uses (about 5 KB more gzipped).
export {
  version,
  init,
  dispose,
  getInstanceByDom,
  getInstanceById,
  connect,
  disconnect,
  use,
  registerTheme,
  registerLocale,
} from "echarts/core";
