/*
 * The Genlock Web Console page: polls the channel API once a second and updates each
 * channel's panel in place (so controls being edited keep their state); controls send JSON
 * to the same API and show the server's error text when a change is rejected.
 */
(function () {
	'use strict';
	var root = document.getElementById('genlock');
	if (!root) {
		return;
	}
	// absolute on the page's origin: a page opened as http://user:pass@host/... would otherwise
	// hand its credentials to fetch(), which refuses URLs that carry them
	var api = window.location.origin + root.getAttribute('data-api');
	var healthRoot = window.location.origin + root.getAttribute('data-health');
	var POLL_MS = 1000;
	var PREVIEW_MS = 1000;
	var SERIES_MS = 2000;
	var BUNDLES_MS = 5000;
	var KINDS = ['device', 'renderer', 'policy', 'strategy'];
	var COUNTERS = ['aired', 'fresh', 'repeated', 'black', 'slate', 'nonFresh', 'late', 'dropped', 'skipped', 'flushed',
		'underruns'];
	// what the engine absorbed without airing it as planned (API 1.2), with the page's short labels
	var ENGINE = [['renderFailures', 'render failures'], ['staleRenders', 'stale renders'],
		['lateRenders', 'late renders'], ['abandonedRenders', 'abandoned renders'],
		['refusedSchedules', 'refused schedules'], ['starvedFills', 'starved fills'], ['readyDrops', 'ready drops'],
		['refusedCompletions', 'refused completions'], ['staleCompletions', 'stale completions'],
		['pluginErrors', 'plugin errors'], ['rendererFallbacks', 'renderer fallbacks']];
	var panels = {};
	var providers = {};

	function el(tag, attrs, children) {
		var e = document.createElement(tag);
		if (attrs) {
			Object.keys(attrs).forEach(function (k) {
				if (k === 'text') {
					e.textContent = attrs[k];
				} else {
					e.setAttribute(k, attrs[k]);
				}
			});
		}
		(children || []).forEach(function (c) { e.appendChild(c); });
		return e;
	}

	function request(method, path, body) {
		var init = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
		if (body !== undefined) {
			init.headers['Content-Type'] = 'application/json';
			init.body = JSON.stringify(body);
		}
		return fetch(api + path, init).then(function (r) {
			return r.text().then(function (t) {
				var json = null;
				try { json = t ? JSON.parse(t) : null; } catch (e) { json = { error: t }; }
				if (!r.ok) {
					var err = new Error((json && json.error) || ('HTTP ' + r.status));
					err.status = r.status;
					throw err;
				}
				return json;
			});
		});
	}

	function say(panel, ok, text) {
		panel.message.className = ok ? 'gl-ok' : 'gl-error';
		panel.message.textContent = text;
	}

	function cell(text, cls) {
		return el('td', cls ? { 'class': cls, text: text } : { text: text });
	}

	function table(caption, rows) {
		var body = el('tbody');
		rows.forEach(function (r) { body.appendChild(r); });
		return el('table', { 'class': 'tablesorter nicetable' }, [
			el('thead', null, [el('tr', null, [el('th', { 'class': 'ui-widget-header', colspan: '9', text: caption })])]),
			body]);
	}

	function named(e, name) {
		e.setAttribute('aria-label', name);
		return e;
	}

	function button(text, onClick, id) {
		var b = el('button', { 'class': 'ui-state-default ui-corner-all', type: 'button', text: text, id: id });
		b.addEventListener('click', onClick);
		return b;
	}

	function build(id) {
		var p = { id: id, values: {} };
		function value(key, cls) {
			var td = cell('', cls || '');
			td.id = 'gl-' + id + '-' + key;
			p.values[key] = td;
			return td;
		}
		p.tally = el('span', { 'class': 'gl-tally', id: 'gl-' + id + '-tally', text: 'OFF AIR' });
		p.state = el('span', { id: 'gl-' + id + '-state', 'class': 'gl-state' });
		p.message = el('div', { id: 'gl-' + id + '-message' });
		var head = el('div', { 'class': 'gl-head ui-widget-header ui-corner-top' }, [
			el('h2', { text: 'Channel ' + id }), p.tally, p.state,
			named(button('Start', function () { act(p, 'start'); }, 'gl-' + id + '-start'), 'Start channel ' + id),
			named(button('Stop', function () {
				if (window.confirm('Take channel ' + id + ' off air?')) { act(p, 'stop'); }
			}, 'gl-' + id + '-stop'), 'Stop channel ' + id)]);
		// the render feed: which renderer airs, which waits on probation, its time and lead, the last
		// fallback; and why the channel failed, while it is FAILED
		p.render = el('div', { 'class': 'gl-render', id: 'gl-' + id + '-render' });
		p.failure = el('div', { 'class': 'gl-error', id: 'gl-' + id + '-failure' });

		var status = table('Status', [
			el('tr', null, [cell('Format'), value('format')]),
			el('tr', null, [cell('Display index'), value('displayIndex', 'gl-num')]),
			el('tr', null, [cell('Ready queue (depth / target / capacity)'), value('queue', 'gl-num')]),
			el('tr', null, [cell('Pool (free / rendering / ready / scheduled / parked of size)'), value('pool', 'gl-num')])]);

		var counterRows = COUNTERS.map(function (c) {
			return el('tr', null, [cell(c), value('counter-' + c, 'gl-num gl-counter-' + c)]);
		});
		var counters = table('Frames', counterRows);

		// compact: two counters per row; a non-zero one stands out
		var engineRows = [];
		for (var i = 0; i < ENGINE.length; i += 2) {
			var cells = [];
			ENGINE.slice(i, i + 2).forEach(function (e) {
				cells.push(cell(e[1]));
				cells.push(value('engine-' + e[0], 'gl-num'));
			});
			engineRows.push(el('tr', null, cells));
		}
		var engine = table('Engine (absorbed without airing as planned)', engineRows);
		engine.className += ' gl-engine';
		engine.id = 'gl-' + id + '-engine';

		p.selects = {};
		var bindingRows = KINDS.map(function (k) {
			var selectId = 'gl-' + id + '-select-' + k;
			var select = el('select', { id: selectId, 'data-kind': k });
			p.selects[k] = select;
			var apply = button('Apply', function () { choose(p, k); }, 'gl-' + id + '-apply-' + k);
			apply.setAttribute('aria-label', 'Apply the selected ' + k + ' to channel ' + id);
			// the row's first cell names the kind; as a label it names the select for assistive technology
			return el('tr', null, [el('td', null, [el('label', { 'for': selectId, text: k })]),
				value(k + '-bound', 'gl-' + k + '-bound'), value(k + '-bundle'), el('td', null, [select, apply])]);
		});
		var bindings = table('Bound services (bundle and version) and selection', bindingRows);

		p.program = el('input', { 'class': 'gl-program', id: 'gl-' + id + '-program', type: 'text',
			spellcheck: 'false', 'aria-label': 'Program of channel ' + id + ' (layers bottom to top)' });
		p.program.addEventListener('keydown', function (e) { if (e.key === 'Enter') { setProgram(p); } });
		var applyProgram = button('Apply', function () { setProgram(p); }, 'gl-' + id + '-apply-program');
		applyProgram.setAttribute('aria-label', 'Apply the program to channel ' + id);
		var program = table('Program (layers bottom to top)', [el('tr', null, [el('td', null, [p.program,
			applyProgram])])]);

		p.preview = el('img', { 'class': 'gl-preview', id: 'gl-' + id + '-preview', alt: 'program output of ' + id });
		p.swaps = el('tbody');
		var swaps = el('table', { 'class': 'tablesorter nicetable' }, [
			el('thead', null, [el('tr', null, [el('th', { 'class': 'ui-widget-header', colspan: '5',
				text: 'Last swaps' })]), el('tr', null, ['time', 'what', 'from', 'to', 'at display index']
					.map(function (t) { return el('th', { text: t }); }))]), p.swaps]);

		p.charts = el('div', { 'class': 'gl-charts', id: 'gl-' + id + '-charts' });
		p.chartNote = el('div', { 'class': 'gl-chart-note', id: 'gl-' + id + '-chart-note' });

		p.taps = el('div', { 'class': 'gl-taps', id: 'gl-' + id + '-taps' });
		p.audio = el('div', { 'class': 'gl-audio', id: 'gl-' + id + '-audio' });
		p.root = el('div', { 'class': 'gl-channel ui-widget', id: 'genlock-channel-' + id }, [head, p.message,
			p.failure, p.render, p.taps,
			el('div', { 'class': 'gl-grid' }, [el('div', null, [p.preview, p.audio]), el('div', null, [status, counters]),
				el('div', null, [engine]), el('div', null, [bindings, program, swaps])]),
			el('h3', { text: 'Health (telemetry, last 5 minutes)' }), p.chartNote, p.charts]);
		document.getElementById('gl-channels').appendChild(p.root);
		panels[id] = p;
		refreshPreview(p);
		return p;
	}

	function act(p, action) {
		request('POST', '/channels/' + encodeURIComponent(p.id) + '/' + action, {})
			.then(function () { say(p, true, action + ' requested'); poll(); })
			.catch(function (e) { say(p, false, action + ' rejected: ' + e.message); });
	}

	function choose(p, kind) {
		var id = p.selects[kind].value;
		request('PUT', '/channels/' + encodeURIComponent(p.id) + '/' + kind, { id: id })
			.then(function () { say(p, true, kind + ' ' + id + ' selected; it goes to air at the next frame boundary'); })
			.catch(function (e) { say(p, false, 'Not changed: ' + e.message); });
	}

	function setProgram(p) {
		request('PUT', '/channels/' + encodeURIComponent(p.id) + '/program', { program: p.program.value })
			.then(function (r) { p.programEdited = false; say(p, true, 'program set: ' + r.program); })
			.catch(function (e) { say(p, false, 'Not changed: ' + e.message); });
	}

	function fillSelect(select, list, selected) {
		var ids = [];
		list.forEach(function (v) { if (ids.indexOf(v.id) < 0) { ids.push(v.id); } });
		var current = Array.prototype.map.call(select.options, function (o) { return o.value; });
		if (current.join() !== ids.join()) {
			select.innerHTML = '';
			ids.forEach(function (i) { select.appendChild(el('option', { value: i, text: i })); });
		}
		if (document.activeElement !== select && selected && ids.indexOf(selected) >= 0) {
			select.value = selected;
		}
	}

	function update(p, c) {
		var onAir = !!c.onAir;
		p.tally.textContent = onAir ? 'ON AIR' : 'OFF AIR';
		p.tally.className = 'gl-tally' + (onAir ? (c.state === 'DEGRADED' ? ' gl-on-air gl-degraded' : ' gl-on-air') : '');
		p.state.textContent = c.state;
		p.values.format.textContent = (c.format || '-') + (c.pixelFormat ? ' ' + c.pixelFormat : '');
		p.values.displayIndex.textContent = c.displayIndex;
		p.values.queue.textContent = c.queue.depth + ' / ' + c.queue.target + ' / ' + c.queue.capacity;
		var pool = c.pool;
		p.values.pool.textContent = pool.free + ' / ' + pool.rendering + ' / ' + pool.ready + ' / ' + pool.scheduled
			+ ' / ' + pool.parked + ' of ' + pool.size + (pool.invariantHolds ? '' : '  INVARIANT BROKEN');
		p.values.pool.className = 'gl-num' + (pool.invariantHolds ? '' : ' gl-bad');
		COUNTERS.forEach(function (k) { p.values['counter-' + k].textContent = c.counters[k]; });
		ENGINE.forEach(function (e) {
			var v = c.engine ? c.engine[e[0]] : 0;
			p.values['engine-' + e[0]].textContent = v;
			p.values['engine-' + e[0]].className = 'gl-num' + (v > 0 ? ' gl-warn' : '');
		});
		p.render.textContent = renderLine(c.render || {}, c.renderer && c.renderer.bound ? c.renderer.bound.id : null,
			c.outputLatencyMillis);
		p.failure.textContent = c.state === 'FAILED' && c.failureReason ? 'Failed: ' + c.failureReason : '';
		p.failure.style.display = p.failure.textContent ? '' : 'none';
		// taps (API 1.3): outputs fed with every aired frame besides the device
		p.taps.textContent = (c.taps || []).map(function (t) {
			return 'Tap ' + t.id + ': ' + t.state + ', ' + t.delivered + ' frames delivered, ' + t.dropped + ' dropped'
				+ (t.errors > 0 ? ', ' + t.errors + ' errors (last: ' + t.lastError + ')' : '');
		}).join('\n');
		p.taps.style.display = p.taps.textContent ? '' : 'none';
		p.taps.style.whiteSpace = 'pre-line';
		updateAudio(p, c.audio);
		KINDS.forEach(function (k) {
			var s = c[k];
			p.values[k + '-bound'].textContent = s.bound ? s.bound.id : '(none: built-in fallback)';
			p.values[k + '-bundle'].textContent = s.bound ? s.bound.bundle + ' ' + s.bound.version : '';
			fillSelect(p.selects[k], providers[k] || [], s.selected || (s.bound && s.bound.id));
		});
		if (document.activeElement !== p.program && !p.programEdited) {
			p.program.value = c.program;
		}
		p.swaps.innerHTML = '';
		c.swaps.slice().reverse().forEach(function (w) {
			p.swaps.appendChild(el('tr', null, [cell(when(w.time)), cell(w.kind),
				cell(w.from || '-'), cell(w.to || '-'), cell(w.atDisplayIndex < 0 ? '-' : String(w.atDisplayIndex), 'gl-num')]));
		});
	}

	function when(iso) {
		return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
	}

	function renderLine(r, bound, latencyMillis) {
		// a backend that does not report its render feed sends the empty status: the binding is all there is
		var reported = r.onAir || r.candidate || r.fallbackReason || (r.renderMillis !== null && r.renderMillis !== undefined);
		var onAir = reported ? r.onAir : bound;
		var parts = ['On air: ' + (onAir || '(no renderer: the underrun strategy fills)')];
		if (r.candidate) {
			parts.push(r.candidate + ' on probation (airs once it delivers in time)');
		}
		parts.push('render ' + (r.renderMillis === null || r.renderMillis === undefined ? '-' : r.renderMillis.toFixed(1) + ' ms')
			+ ', lead ' + (r.leadFrames || 0) + ' frame' + (r.leadFrames === 1 ? '' : 's'));
		if (latencyMillis !== undefined) {
			parts.push('output latency ' + latencyMillis + ' ms');
		}
		parts.push(r.fallbackReason ? 'last fallback ' + when(r.fallbackTime) + ': ' + r.fallbackReason : 'no fallback');
		return parts.join(' \u00b7 ');
	}

	// ------------------------------------------------------------------ audio meters

	// a bar per audio channel from -60 to 0 dBFS, drawn to the true peak, with the sample peak as a
	// hairline, marks at the line-up level (-18) and the permitted maximum (-9), red above -1 dBTP
	// (EBU R128's maximum true peak); every bar has its values as text beside it
	var METER_FLOOR = -60;
	var METER_MARKS = [-18, -9];
	var MAX_TRUE_PEAK = -1;

	function meterPercent(db) {
		if (db === null || db === undefined) {
			return 0;
		}
		return Math.max(0, Math.min(100, (db - METER_FLOOR) / -METER_FLOOR * 100));
	}

	// null is silence or nothing measured yet (JSON has no -Infinity)
	function decibels(v) {
		return v === null || v === undefined ? '-\u221e' : v.toFixed(1);
	}

	function audioLayout(a) {
		return a && a.channels ? a.channels + ':' + a.loudness.map(function (g) { return g.group; }).join(',') : 'none';
	}

	function buildAudio(p, a) {
		var id = p.id;
		p.audio.textContent = '';
		p.meters = [];
		p.loudness = [];
		p.audioLayout = audioLayout(a);
		if (!a || !a.channels) {
			p.audio.appendChild(el('p', { 'class': 'gl-audio-none', id: 'gl-' + id + '-audio-none', text: 'No audio' }));
			return;
		}
		var scale = el('div', { 'class': 'gl-meter-scale', 'aria-hidden': 'true' });
		[METER_FLOOR].concat(METER_MARKS, [0]).forEach(function (db) {
			var label = el('span', { text: String(db) });
			label.style.left = meterPercent(db) + '%';
			scale.appendChild(label);
		});
		var levelRows = a.levels.map(function (l) {
			var n = l.channel;
			var over = el('div', { 'class': 'gl-meter-over' });
			over.style.left = meterPercent(MAX_TRUE_PEAK) + '%';
			var m = {
				fill: el('div', { 'class': 'gl-meter-fill' }),
				sample: el('div', { 'class': 'gl-meter-sample' }),
				tp: el('span', { id: 'gl-' + id + '-audio-tp-' + n }),
				sp: el('span', { id: 'gl-' + id + '-audio-sp-' + n })
			};
			var marks = METER_MARKS.map(function (db) {
				var mark = el('div', { 'class': 'gl-meter-mark' });
				mark.style.left = meterPercent(db) + '%';
				return mark;
			});
			m.bar = el('div', { 'class': 'gl-meter', id: 'gl-' + id + '-audio-meter-' + n, role: 'meter',
				'aria-valuemin': String(METER_FLOOR), 'aria-valuemax': '0',
				'aria-label': 'True peak of audio channel ' + n + ' of ' + id }, [over, m.fill].concat(marks, [m.sample]));
			p.meters.push(m);
			return el('tr', null, [cell(String(n), 'gl-num'), el('td', null, [m.bar]), el('td', { 'class': 'gl-num' }, [m.tp]),
				el('td', { 'class': 'gl-num' }, [m.sp])]);
		});
		var levels = el('table', { 'class': 'tablesorter nicetable gl-levels', id: 'gl-' + id + '-audio-levels' }, [
			el('thead', null, [el('tr', null, [el('th', { 'class': 'ui-widget-header', colspan: '4',
				text: 'Audio levels (last 400 ms)' })]),
				el('tr', null, [el('th', { text: 'ch' }), el('th', null, [scale]), el('th', { text: 'true peak' }),
					el('th', { text: 'sample peak' })])]),
			el('tbody', null, levelRows)]);
		var loudnessRows = a.loudness.map(function (g, i) {
			var r = {};
			['m', 's', 'i'].forEach(function (k) {
				r[k] = cell('', 'gl-num');
				r[k].id = 'gl-' + id + '-audio-' + k + '-' + i;
			});
			p.loudness.push(r);
			return el('tr', { id: 'gl-' + id + '-audio-loudness-' + i, 'data-group': g.group }, [cell(g.group), r.m, r.s, r.i]);
		});
		var loudness = el('table', { 'class': 'tablesorter nicetable gl-loudness', id: 'gl-' + id + '-audio-loudness' }, [
			el('thead', null, [el('tr', null, [el('th', { 'class': 'ui-widget-header', colspan: '4',
				text: 'Loudness (LUFS, EBU R128)' })]),
				el('tr', null, [el('th', { text: 'group' }), el('th', { text: 'M', title: 'momentary (400 ms)' }),
					el('th', { text: 'S', title: 'short-term (3 s)' }), el('th', { text: 'I', title: 'integrated (gated, since on air)' })])]),
			el('tbody', null, loudnessRows)]);
		p.audioCounters = el('div', { 'class': 'gl-audio-counters', id: 'gl-' + id + '-audio-counters' });
		[levels, loudness, p.audioCounters].forEach(function (e) { p.audio.appendChild(e); });
	}

	function updateAudio(p, a) {
		if (p.audioLayout !== audioLayout(a)) {
			buildAudio(p, a);
		}
		if (!a || !a.channels) {
			return;
		}
		a.levels.forEach(function (l, i) {
			var m = p.meters[i];
			var over = l.truePeak !== null && l.truePeak > MAX_TRUE_PEAK;
			m.fill.style.width = meterPercent(l.truePeak) + '%';
			m.fill.className = 'gl-meter-fill' + (over ? ' gl-meter-clip' : '');
			m.sample.style.left = meterPercent(l.samplePeak) + '%';
			m.sample.style.display = l.samplePeak === null ? 'none' : '';
			m.tp.textContent = decibels(l.truePeak) + ' dBTP';
			m.tp.className = over ? 'gl-bad' : '';
			m.sp.textContent = decibels(l.samplePeak) + ' dBFS';
			m.bar.setAttribute('aria-valuenow', String(l.truePeak === null ? METER_FLOOR
				: Math.max(METER_FLOOR, Math.min(0, l.truePeak))));
			m.bar.setAttribute('aria-valuetext', m.tp.textContent);
		});
		a.loudness.forEach(function (g, i) {
			var r = p.loudness[i];
			r.m.textContent = decibels(g.momentary);
			r.s.textContent = decibels(g.shortTerm);
			r.i.textContent = decibels(g.integrated);
		});
		p.audioCounters.textContent = a.measuredFrames + ' frames measured \u00b7 ' + a.kernelErrors + ' audio source errors \u00b7 '
			+ a.clippedSamples + ' clipped samples';
		p.audioCounters.className = 'gl-audio-counters' + (a.kernelErrors > 0 || a.clippedSamples > 0 ? ' gl-warn' : '');
	}

	function refreshPreview(p) {
		var img = new Image();
		img.onload = function () { p.preview.src = img.src; schedule(); };
		img.onerror = function () { schedule(); };
		function schedule() {
			setTimeout(function () {
				if (panels[p.id] === p) { refreshPreview(p); }
			}, PREVIEW_MS);
		}
		img.src = api + '/channels/' + encodeURIComponent(p.id) + '/preview.jpg?width=320&height=180&t=' + Date.now();
	}

	// ------------------------------------------------------------------ charts

	function chart(p, key, title, series, data) {
		p.plots = p.plots || {};
		if (typeof uPlot === 'undefined') {
			return;
		}
		var plot = p.plots[key];
		if (!plot) {
			var holder = el('div', { id: 'gl-' + p.id + '-chart-' + key, 'class': 'gl-chart' });
			p.charts.appendChild(holder);
			var colours = ['#1f77b4', '#d62728', '#ff7f0e', '#2ca02c', '#9467bd'];
			plot = new uPlot({
				title: title, width: 420, height: 200,
				scales: { x: { time: true } },
				series: [{}].concat(series.map(function (s, i) {
					return { label: s, stroke: colours[i % colours.length], width: 1.5 };
				}))
			}, data, holder);
			p.plots[key] = plot;
		} else {
			plot.setData(data);
		}
	}

	function pollSeries() {
		Object.keys(panels).forEach(function (id) {
			var p = panels[id];
			fetch(healthRoot + '/' + encodeURIComponent(id) + '/series?seconds=300',
				{ credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
				.then(function (r) {
					if (!r.ok) { throw new Error('HTTP ' + r.status); }
					return r.json();
				})
				.then(function (s) {
					p.chartNote.textContent = 'updated ' + new Date().toLocaleTimeString() + ' from ' + s.seconds.length
						+ ' seconds of telemetry';
					chart(p, 'queue', 'Ready queue depth', ['average', 'max'], [s.seconds, s.depthAverage, s.depthMax]);
					chart(p, 'render', 'Render time (ms)', ['average', 'max'], [s.seconds, s.renderAverageMs, s.renderMaxMs]);
					chart(p, 'faults', 'Late / dropped / underruns per second', ['late', 'dropped', 'underruns'],
						[s.seconds, s.late, s.dropped, s.underruns]);
				})
				.catch(function (e) {
					p.chartNote.textContent = 'telemetry unavailable (' + e.message
						+ '): is the genlock.telemetry bundle active?';
				});
		});
		setTimeout(pollSeries, SERIES_MS);
	}

	// ------------------------------------------------------------------ polling

	function poll() {
		return Promise.all([request('GET', '/channels'), request('GET', '/providers')]).then(function (r) {
			var list = r[0];
			providers = r[1];
			document.getElementById('gl-statline').textContent = list.length + ' channel(s); updated '
				+ new Date().toLocaleTimeString();
			var seen = {};
			return Promise.all(list.map(function (s) {
				seen[s.id] = true;
				var p = panels[s.id] || build(s.id);
				return request('GET', '/channels/' + encodeURIComponent(s.id)).then(function (c) { update(p, c); });
			})).then(function () {
				Object.keys(panels).forEach(function (id) {
					if (!seen[id]) {
						panels[id].root.remove();
						delete panels[id];
					}
				});
			});
		}).catch(function (e) {
			document.getElementById('gl-statline').textContent = 'Channel status unavailable: ' + e.message;
		});
	}

	function loop() {
		poll().then(function () { setTimeout(loop, POLL_MS); });
	}

	// ------------------------------------------------------------------ bundle versions

	var bundles = { message: null, body: null };

	// Genlock and deployed bundles: the version that runs, where it came from, the versions kept
	// and a Rollback to the previous one (the deploy bundle's service, via the same API)
	function buildBundles() {
		bundles.body = el('tbody');
		bundles.message = el('p', { 'class': 'gl-ok', id: 'gl-bundles-message', role: 'status' });
		var head = el('tr', null, ['Bundle', 'Id', 'Version', 'State', 'Source', 'Previous', 'Kept versions', '']
			.map(function (t) { return el('th', { text: t }); }));
		document.getElementById('gl-bundles').appendChild(el('div', { 'class': 'gl-bundles' }, [
			el('table', { 'class': 'tablesorter nicetable', id: 'gl-bundles-table' }, [
				el('thead', null, [el('tr', null, [el('th', { 'class': 'ui-widget-header', colspan: '8',
					text: 'Bundles: deployed and kept versions' })]), head]), bundles.body]),
			bundles.message]));
	}

	function pollBundles() {
		if (!bundles.body) {
			buildBundles();
		}
		return request('GET', '/bundles').then(function (list) {
			bundles.body.textContent = '';
			list.forEach(function (b) {
				var action = cell('');
				if (b.previous) {
					action.appendChild(named(button('Rollback to ' + b.previous, function () { rollback(b); },
						'gl-rollback-' + b.symbolicName), 'Roll back ' + b.symbolicName + ' to ' + b.previous));
				}
				bundles.body.appendChild(el('tr', { 'data-bsn': b.symbolicName }, [cell(b.symbolicName),
					cell(String(b.bundleId)), cell(b.version, 'gl-bundle-version'), cell(b.state), cell(b.source),
					cell(b.previous || '-'), cell(b.kept.join(', ')), action]));
			});
		}).catch(function (e) {
			bundles.body.textContent = '';
			bundles.message.className = 'gl-error';
			bundles.message.textContent = 'Bundle versions unavailable: ' + e.message;
		});
	}

	function rollback(b) {
		request('POST', '/bundles/' + encodeURIComponent(b.symbolicName) + '/rollback', {})
			.then(function (c) {
				bundles.message.className = 'gl-ok';
				bundles.message.textContent = c.symbolicName + ' rolled back: ' + c.from + ' -> ' + c.to;
				pollBundles();
			})
			.catch(function (e) {
				bundles.message.className = 'gl-error';
				bundles.message.textContent = 'Not rolled back: ' + e.message;
			});
	}

	function bundleLoop() {
		pollBundles().then(function () { setTimeout(bundleLoop, BUNDLES_MS); });
	}

	document.getElementById('gl-channels').addEventListener('input', function (e) {
		Object.keys(panels).forEach(function (id) {
			if (e.target === panels[id].program) { panels[id].programEdited = true; }
		});
	});
	loop();
	pollSeries();
	bundleLoop();
})();
