// Runs in the browser, inlined into report.html after d3 and Observable Plot (globals `d3` and
// `Plot`). Draws each chart the page's JSON describes (src/report/report-data.ts, ChartSpec)
// into its `[data-chart]` element and marks it `data-rendered` ("true", or "error" with the
// error on the console), so a reader and a test can tell a drawn chart from a failed one.
;(function () {
  "use strict"
  var source = document.getElementById("touchpoint-report-data")
  if (source === null) return
  var spec = JSON.parse(source.textContent || "{}")
  var locale = spec.locale || "en-GB"
  var words = spec.words || {}
  var percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 })
  var number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
  var day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" })
  var valueFormat = function (chart) {
    if (chart.valueFormat === "share") return function (v) { return percent.format(v) }
    if (chart.valueFormat === "percent") return function (v) { return number.format(v) + " %" }
    return function (v) { return number.format(v) }
  }
  var isDate = function (v) { return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) }
  var toDate = function (v) { return isDate(v) ? new Date(v + "T00:00:00Z") : v }
  var label = function (v) { return Object.prototype.hasOwnProperty.call(words, String(v)) ? words[String(v)] : String(v) }
  var shorten = function (v) { var s = label(v); return s.length > 44 ? s.slice(0, 43) + "…" : s }
  var present = function (key) { return function (d) { return d[key] !== null && d[key] !== undefined } }

  // a value axis from 0 to at least 1, so all-zero data (a night with no new rows, a day with no
  // breach) draws no bars instead of full-length ones on a degenerate [0, 0] scale
  var zeroBased = function (data, key) {
    var max = data.reduce(function (a, d) { return typeof d[key] === "number" && d[key] > a ? d[key] : a }, 0)
    return [0, Math.max(1, max)]
  }
  var totals = function (data, category, value) {
    var sums = {}
    data.forEach(function (d) { sums[d[category]] = (sums[d[category]] || 0) + (typeof d[value] === "number" ? d[value] : 0) })
    return Object.keys(sums).map(function (k) { var o = {}; o[value] = sums[k]; return o })
  }
  // day ticks on a short span, where automatic ticks would fall within one day and repeat its label
  var timeAxis = function (data, key) {
    var times = data.map(function (d) { return d[key] }).filter(function (t) { return t instanceof Date }).map(function (t) { return t.getTime() })
    var days = times.length === 0 ? 0 : (Math.max.apply(null, times) - Math.min.apply(null, times)) / 86400000
    var axis = { type: "utc", label: null, tickFormat: function (d) { return day.format(d) } }
    if (days < 12) axis.ticks = "day"
    return axis
  }
  var width = function (el) { return Math.max(320, Math.min(1060, el.clientWidth || 900)) }
  var leftMargin = function (data, key) {
    var longest = data.reduce(function (a, d) { return Math.max(a, shorten(d[key]).length) }, 0)
    return Math.min(320, 12 + longest * 7)
  }

  var draw = {
    bars: function (chart, el) {
      var categories = Array.from(new Set(chart.data.map(function (d) { return d[chart.y] })))
      return Plot.plot({
        width: width(el),
        marginRight: 28,
        height: 40 + categories.length * 26,
        marginLeft: leftMargin(chart.data, chart.y),
        x: { grid: true, label: null, tickFormat: valueFormat(chart), domain: zeroBased(totals(chart.data, chart.y, chart.x), chart.x) },
        y: { label: null, domain: categories, tickFormat: shorten },
        color: chart.series === null ? undefined : { legend: true, tickFormat: label },
        marks: [
          Plot.barX(chart.data, { x: chart.x, y: chart.y, fill: chart.series === null ? "#2456a6" : chart.series, title: function (d) { return shorten(d[chart.y]) + ": " + valueFormat(chart)(d[chart.x]) } }),
          Plot.ruleX([0])
        ]
      })
    },
    dots: function (chart, el) {
      var categories = Array.from(new Set(chart.data.map(function (d) { return d[chart.y] })))
      var marks = [Plot.ruleX([0], { stroke: "#999" })]
      if (chart.low !== null && chart.high !== null) {
        marks.push(Plot.ruleY(chart.data.filter(present(chart.low)).filter(present(chart.high)), {
          y: chart.y, x1: chart.low, x2: chart.high, stroke: chart.series === null ? "#2456a6" : chart.series, strokeOpacity: 0.6, strokeWidth: 2
        }))
      }
      marks.push(Plot.dot(chart.data.filter(present(chart.x)), {
        x: chart.x, y: chart.y, stroke: chart.series === null ? "#2456a6" : chart.series,
        symbol: chart.series === null ? "circle" : chart.series, r: 4, strokeWidth: 2,
        fill: chart.series === null && chart.hollow !== null
          ? function (d) { return d[chart.hollow] === true ? "white" : "#2456a6" }
          : "white",
        title: function (d) { return (chart.series === null ? "" : label(d[chart.series]) + ", ") + shorten(d[chart.y]) + ": " + valueFormat(chart)(d[chart.x]) }
      }))
      return Plot.plot({
        width: width(el),
        marginRight: 28,
        height: 50 + categories.length * 24,
        marginLeft: leftMargin(chart.data, chart.y),
        x: { grid: true, label: null, tickFormat: valueFormat(chart) },
        y: { label: null, domain: categories, tickFormat: shorten },
        symbol: chart.series === null ? undefined : { legend: true },
        color: chart.series === null ? undefined : { tickFormat: label },
        marks: marks
      })
    },
    lines: function (chart, el) {
      var data = chart.data.map(function (d) { var o = Object.assign({}, d); o[chart.x] = toDate(d[chart.x]); return o })
      var marks = []
      if (chart.low !== null && chart.high !== null) {
        marks.push(Plot.areaY(data.filter(present(chart.low)), { x: chart.x, y1: chart.low, y2: chart.high, fill: "#2456a6", fillOpacity: 0.15 }))
      }
      marks.push(Plot.lineY(data.filter(present(chart.y)), { x: chart.x, y: chart.y, stroke: chart.series === null ? "#2456a6" : chart.series, marker: "circle" }))
      marks.push(Plot.dot(data.filter(present(chart.y)), {
        x: chart.x, y: chart.y, r: 0, title: function (d) { return day.format(d[chart.x]) + (chart.series === null ? "" : ", " + label(d[chart.series])) + ": " + valueFormat(chart)(d[chart.y]) }
      }))
      return Plot.plot({
        width: width(el),
        marginRight: 28,
        height: 260,
        x: timeAxis(data, chart.x),
        y: { grid: true, label: null, tickFormat: valueFormat(chart) },
        color: chart.series === null ? undefined : { legend: true, tickFormat: label },
        marks: marks
      })
    },
    columns: function (chart, el) {
      var data = chart.data.map(function (d) { var o = Object.assign({}, d); o[chart.x] = toDate(d[chart.x]); return o })
      return Plot.plot({
        width: width(el),
        marginRight: 28,
        height: 220,
        x: timeAxis(data, chart.x),
        y: { grid: true, label: null, tickFormat: valueFormat(chart), domain: zeroBased(data, chart.y) },
        marks: [
          Plot.rectY(data.filter(present(chart.y)), { x: chart.x, y: chart.y, interval: "day", fill: "#b4472f", title: function (d) { return day.format(d[chart.x]) + ": " + valueFormat(chart)(d[chart.y]) } }),
          Plot.ruleY([0])
        ]
      })
    }
  }

  ;(spec.charts || []).forEach(function (chart) {
    var el = document.querySelector('[data-chart="' + chart.id + '"]')
    var value = chart.kind === "bars" || chart.kind === "dots" ? chart.x : chart.y
    if (el === null || !chart.data.some(present(value))) return
    try {
      var drawn = draw[chart.kind](chart, el)
      el.replaceChildren(drawn)
      el.setAttribute("data-rendered", "true")
    } catch (error) {
      el.setAttribute("data-rendered", "error")
      el.textContent = String(error && error.message ? error.message : error)
      console.error("touchpoint report: chart " + chart.id + " failed:", error)
    }
  })
})()
