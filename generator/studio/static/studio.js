// guidegen studio: the board and the editor. Plain JavaScript; text is only ever set with textContent.
(function () {
  "use strict";
  var words = JSON.parse(document.getElementById("words").textContent);

  function api(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) { return response.json(); });
  }

  // ---- jobs: a log the page polls until the work is done
  function follow(jobId, onDone) {
    var section = document.getElementById("job");
    var log = section.querySelector(".log"), state = section.querySelector(".job-state");
    section.hidden = false;
    log.textContent = "";
    state.textContent = words.working;
    var next = 0;
    function poll() {
      getJson("/api/jobs/" + encodeURIComponent(jobId) + "?since=" + next).then(function (job) {
        next = job.next;
        if (job.lines.length) {
          log.textContent += job.lines.join("\n") + "\n";
          log.scrollTop = log.scrollHeight;
        }
        if (!job.done) { setTimeout(poll, 400); return; }
        state.textContent = (job.ok ? words.done : words.failed) + " (" + job.seconds + " s)";
        if (onDone) onDone(job);
      });
    }
    poll();
  }

  // ---- the board
  function board() {
    var table = document.querySelector("table.board");
    if (!table) return;
    var openButton = document.getElementById("new-open"), form = document.getElementById("new-form");
    openButton.addEventListener("click", function () {
      form.hidden = !form.hidden;
      openButton.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) form.querySelector("input").focus();
    });
    document.getElementById("new-cancel").addEventListener("click", function () {
      form.hidden = true; openButton.setAttribute("aria-expanded", "false"); openButton.focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = {};
      ["id", "title", "code", "category"].forEach(function (name) { body[name] = form.elements[name].value; });
      api("/api/new", body).then(function (answer) {
        if (answer.data.ok) { location.href = answer.data.url; return; }
        form.querySelector(".message").textContent = answer.data.message || words.failed;
      });
    });
    document.getElementById("publish").addEventListener("click", function () {
      api("/api/publish").then(function (answer) {
        if (!answer.data.ok) { alertIn(document.getElementById("job"), answer.data.message); return; }
        follow(answer.data.job, function () {
          // what changed, from the build's own summary lines (clips made, reels, the site)
          var log = document.querySelector("#job .log").textContent.split("\n");
          var summary = log.filter(function (line) { return /^(clips|reel|site|captur)/.test(line); });
          var state = document.querySelector("#job .job-state");
          state.textContent += summary.length ? " · " + words.summary_changed + ": " + summary.join(" · ") : "";
        });
      });
    });
    table.parentNode.querySelectorAll("input[name=filter]").forEach(function (radio) {
      radio.addEventListener("change", function () { filter(table, radio.value); });
    });
    getJson("/api/clips").then(function (table_) {
      table.querySelectorAll("td[data-clips]").forEach(function (cell) {
        var found = table_.states[cell.getAttribute("data-clips")] || {};
        var voices = table_.voices[cell.getAttribute("data-clips")] || {};
        cell.textContent = "";
        var stale = false;
        Object.keys(found).forEach(function (name) {
          var tag = document.createElement("span");
          var state = found[name], voice = voices[name];
          tag.className = "tag clip-" + state.replace(/ /g, "-");
          tag.textContent = name + ": " + (state === "stale" ? words.stale_clip : words[state] || state);
          if (voice) {  // which voice speaks it; espeak-ng on a TV or phone gets a mark
            var said = document.createElement("small");
            said.className = "voices" + (voice.robotic ? " robotic" : "");
            said.textContent = " · " + (voice.robotic ? "⚠ " : "") + voice.text;
            if (voice.robotic) said.title = words.robotic_voice;
            tag.appendChild(said);
          }
          cell.appendChild(tag);
          cell.appendChild(document.createTextNode(" "));
          stale = stale || state !== "up to date";
        });
        if (stale) {
          var row = cell.closest("tr");
          row.setAttribute("data-states", (row.getAttribute("data-states") + " stale").trim());
        }
      });
      var chosen = table.parentNode.querySelector("input[name=filter]:checked");
      filter(table, chosen ? chosen.value : "");
    });
  }

  function filter(table, state) {
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var states = (row.getAttribute("data-states") || "").split(" ");
      row.hidden = Boolean(state) && states.indexOf(state) < 0;
    });
  }

  function alertIn(section, message) {
    section.hidden = false;
    section.querySelector(".job-state").textContent = message || words.failed;
  }

  // ---- the editor
  function editor() {
    var root = document.getElementById("editor");
    if (!root) return;
    var id = root.getAttribute("data-id");
    var saveState = document.getElementById("save-state");
    if (root.getAttribute("data-readonly")) {
      root.querySelectorAll("input, textarea, select, button:not(#reformat):not(#recapture)").forEach(function (control) {
        control.disabled = true;
      });
      document.getElementById("reformat").addEventListener("click", function () {
        api("/api/p/" + encodeURIComponent(id) + "/reformat", { version: root.getAttribute("data-version") })
          .then(function (answer) {
            if (answer.data.ok) { location.reload(); return; }
            saveState.textContent = answer.data.message || words.failed;
          });
      });
    }
    function change(body) {
      body.version = root.getAttribute("data-version");
      return api("/api/p/" + encodeURIComponent(id) + "/edit", body).then(function (answer) {
        if (answer.status === 409 && answer.data.conflict) {
          document.getElementById("conflict").hidden = false;
        }
        if (answer.data.version && !body.check) root.setAttribute("data-version", answer.data.version);
        return answer;
      });
    }
    function showProblems(fieldset, answer) {
      var box = fieldset.querySelector(".field-problem");
      var found = (answer.data.new || []).map(function (p) { return p.text; });
      if (!answer.data.new && answer.data.message) found = [answer.data.message];
      box.textContent = found.join("\n");
      fieldset.classList.toggle("invalid", found.length > 0);
    }
    function wire(fieldset) {
      var path = JSON.parse(fieldset.getAttribute("data-path"));
      fieldset.querySelectorAll("input, textarea, select").forEach(function (input) {
        var language = input.getAttribute("data-language");
        var timer = null;
        function body(check) {
          var value = input.type === "checkbox" ? input.checked
            : input.type === "number" && input.value !== "" ? Number(input.value) : input.value;
          return { op: "set", path: path, value: value, language: language, check: check };
        }
        input.addEventListener("input", function () {
          clearTimeout(timer);
          timer = setTimeout(function () {
            change(body(true)).then(function (answer) { showProblems(fieldset, answer); });
          }, 250);
        });
        input.addEventListener("change", function () {
          clearTimeout(timer);
          change(body(false)).then(function (answer) {
            showProblems(fieldset, answer);
            saveState.textContent = answer.data.written ? words.saved : (answer.data.ok ? "" : words.not_saved);
            if (answer.data.spoken !== undefined && language === "vi") {
              var card = fieldset.closest(".step");
              if (card && (path[2] === "narration" || !card.querySelector("[data-language=vi]").value)) {
                card.querySelector(".spoken-text").textContent = answer.data.spoken;
              }
            }
            refreshProblems(answer.data.problems);
          });
        });
      });
    }
    root.querySelectorAll("fieldset[data-path]").forEach(wire);

    // a did-you-mean from the last `capture --check`, accepted with one click
    root.querySelectorAll("button.accept-fix").forEach(function (button) {
      button.addEventListener("click", function () {
        change({ op: "set", path: JSON.parse(button.getAttribute("data-path")), value: button.getAttribute("data-value") })
          .then(function (answer) {
            if (!answer.data.written) { saveState.textContent = words.not_saved; return; }
            var note = button.closest(".checked");
            note.textContent = "✓ " + button.getAttribute("data-value");
            saveState.textContent = words.saved;
          });
      });
    });

    // ---- targets picked by clicking, areas hidden by dragging, on a step's screenshot
    root.querySelectorAll("figure.shot[data-page]").forEach(function (figure) {
      var page = JSON.parse(figure.getAttribute("data-page"));
      var elements = JSON.parse(figure.getAttribute("data-elements"));
      var index = Number(figure.getAttribute("data-step"));
      var image = figure.querySelector("img"), hover = figure.querySelector(".hover");
      var drawn = figure.querySelector(".drawn"), list = figure.querySelector(".pick-list");
      var hideButton = figure.querySelector(".hide-mode"), problem = figure.querySelector(".pick-problem");
      var start = null;
      function cssPoint(event) {  // the pointer in the page's CSS pixels
        var rect = image.getBoundingClientRect();
        return [(event.clientX - rect.left) / rect.width * page[0], (event.clientY - rect.top) / rect.height * page[1]];
      }
      function place(mark, box) {
        mark.style.left = box[0] / page[0] * 100 + "%"; mark.style.top = box[1] / page[1] * 100 + "%";
        mark.style.width = box[2] / page[0] * 100 + "%"; mark.style.height = box[3] / page[1] * 100 + "%";
        mark.hidden = false;
      }
      function under(point) {  // the smallest element under the pointer
        var best = null;
        elements.forEach(function (item) {
          var b = item[1];
          if (point[0] >= b[0] && point[0] <= b[0] + b[2] && point[1] >= b[1] && point[1] <= b[1] + b[3] &&
              (!best || b[2] * b[3] < best[1][2] * best[1][3])) best = item;
        });
        return best;
      }
      function pick(locator) {
        var item = elements.filter(function (e) { return e[0] === locator; })[0];
        change({ op: "set", path: ["steps", index, "target"], value: locator }).then(function (answer) {
          problem.textContent = answer.data.ok ? "" : ((answer.data.new || []).map(function (p) { return p.text; })
            .join("\n") || answer.data.message || "");
          if (!answer.data.written) return;
          figure.querySelector("code.target").textContent = locator;
          list.value = locator;
          if (item) {  // the new highlight, until capture measures it again
            var pad = 6;
            image.setAttribute("data-box", [(item[1][0] - pad) / page[0], (item[1][1] - pad) / page[1],
              (item[1][2] + 2 * pad) / page[0], (item[1][3] + 2 * pad) / page[1]].join(" "));
            placeHighlight(image);
          }
          refreshProblems(answer.data.problems);
          saveState.textContent = words.saved;
        });
      }
      list.addEventListener("change", function () { if (list.value) pick(list.value); });
      hideButton.addEventListener("click", function () {
        var on = hideButton.getAttribute("aria-pressed") !== "true";
        hideButton.setAttribute("aria-pressed", String(on));
        figure.classList.toggle("hiding", on);
        hover.hidden = true;
      });
      image.addEventListener("mousemove", function (event) {
        var point = cssPoint(event);
        if (figure.classList.contains("hiding")) {
          if (!start) return;
          place(drawn, [Math.min(start[0], point[0]), Math.min(start[1], point[1]),
                        Math.abs(point[0] - start[0]), Math.abs(point[1] - start[1])]);
          return;
        }
        var item = under(point);
        if (item) { place(hover, item[1]); image.title = item[0]; } else { hover.hidden = true; image.title = ""; }
      });
      image.addEventListener("mouseleave", function () { hover.hidden = true; });
      image.addEventListener("mousedown", function (event) {
        if (!figure.classList.contains("hiding")) return;
        event.preventDefault();
        start = cssPoint(event);
      });
      window.addEventListener("mouseup", function (event) {
        if (!start) return;
        var end = cssPoint(event), from = start;
        start = null;
        var box = [Math.max(0, Math.min(from[0], end[0])), Math.max(0, Math.min(from[1], end[1]))];
        box.push(Math.min(page[0], Math.max(from[0], end[0])) - box[0], Math.min(page[1], Math.max(from[1], end[1])) - box[1]);
        drawn.hidden = true;
        if (box[2] < 4 || box[3] < 4) return;
        api("/api/p/" + encodeURIComponent(id) + "/hide", { step: index, box: box }).then(function (answer) {
          problem.textContent = answer.data.ok ? "" : (answer.data.message || "");
          if (!answer.data.ok) return;
          image.src = image.src.split("?")[0] + "?v=" + Date.now();  // shown pixelated at once
          saveState.textContent = words.saved;
          root.setAttribute("data-version", answer.data.version);  // the file changed: edits go on from here
        });
      });
      image.addEventListener("click", function (event) {
        if (figure.classList.contains("hiding")) return;
        var item = under(cssPoint(event));
        if (item) pick(item[0]);
      });
    });

    function structural(body) {
      change(body).then(function (answer) {
        if (answer.data.written) { location.reload(); return; }
        saveState.textContent = words.not_saved + ": " + ((answer.data.new || []).map(function (p) {
          return p.text; }).join("; ") || answer.data.message || "");
      });
    }
    root.querySelectorAll("button.add").forEach(function (button) {
      button.addEventListener("click", function () {
        var path = JSON.parse(button.getAttribute("data-add"));
        structural({ op: "insert", path: path, index: 1000, value: JSON.parse(button.getAttribute("data-value")) });
      });
    });
    root.querySelectorAll("button.remove").forEach(function (button) {
      button.addEventListener("click", function () {
        structural({ op: "delete", path: JSON.parse(button.getAttribute("data-remove")) });
      });
    });
    root.querySelectorAll("button.move").forEach(function (button) {
      button.addEventListener("click", function () {
        structural({ op: "move", path: ["steps"], from: Number(button.getAttribute("data-from")),
                     to: Number(button.getAttribute("data-to")) });
      });
    });
    root.querySelectorAll("button.insert").forEach(function (button) {
      button.addEventListener("click", function () {
        structural({ op: "insert", path: ["steps"], index: Number(button.getAttribute("data-index")),
                     value: JSON.parse(button.getAttribute("data-value")) });
      });
    });
    root.querySelectorAll("button.delete").forEach(function (button) {
      button.addEventListener("click", function () {
        if (window.confirm(words.confirm_delete)) {
          structural({ op: "delete", path: ["steps", Number(button.getAttribute("data-index"))] });
        }
      });
    });
    root.querySelectorAll("button.play").forEach(function (button) {
      button.addEventListener("click", function () {
        var card = button.closest(".step");
        var text = card.querySelector("[data-path*=narration] [data-language=vi]").value ||
                   card.querySelector("[data-path*=title] [data-language=vi]").value;
        var player = card.querySelector("audio.player");
        player.hidden = false;
        player.src = "/api/p/" + encodeURIComponent(id) + "/say?lang=vi&text=" + encodeURIComponent(text);
        player.play().catch(function () { /* the controls are there to press */ });
      });
    });
    // a word read wrongly: select it, say how it is read; the glossary in settings gains it, heard at once
    root.querySelectorAll("button.reading-open").forEach(function (button) {
      var card = button.closest(".step"), form = card.querySelector("form.reading");
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the selection
      button.addEventListener("click", function () {
        var chosen = String(window.getSelection ? window.getSelection() : "").trim();
        var field = card.querySelector("[data-path*=narration] [data-language=vi]");
        if (!chosen && field && field.selectionEnd > field.selectionStart) {
          chosen = field.value.slice(field.selectionStart, field.selectionEnd).trim();
        }
        form.hidden = !form.hidden;
        button.setAttribute("aria-expanded", String(!form.hidden));
        if (!form.hidden) {
          if (chosen) form.elements.written.value = chosen.slice(0, 60);
          (chosen ? form.elements.reading : form.elements.written).focus();
        }
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var text = card.querySelector("[data-path*=narration] [data-language=vi]").value ||
                   card.querySelector("[data-path*=title] [data-language=vi]").value;
        api("/api/p/" + encodeURIComponent(id) + "/reading", {
          written: form.elements.written.value, reading: form.elements.reading.value, text: text
        }).then(function (answer) {
          form.querySelector(".field-problem").textContent = answer.data.ok ? "" : (answer.data.message || "");
          if (!answer.data.ok) return;
          card.querySelector(".spoken-text").textContent = answer.data.spoken;
          form.hidden = true;
          button.setAttribute("aria-expanded", "false");
          card.querySelector("button.play").click();  // heard at once, with the new reading
        });
      });
    });
    document.getElementById("reload").addEventListener("click", function () { location.reload(); });
    document.getElementById("recapture").addEventListener("click", function () {
      api("/api/p/" + encodeURIComponent(id) + "/capture").then(function (answer) {
        if (!answer.data.ok) { alertIn(document.getElementById("job"), answer.data.message); return; }
        follow(answer.data.job, function (job) { if (job.ok) location.reload(); });
      });
    });
    root.querySelectorAll("img[data-box]").forEach(placeHighlight);
    previews(id);
  }

  function refreshProblems(problems) {
    if (!problems) return;
    var section = document.getElementById("problems"), list = section.querySelector("ul");
    list.textContent = "";
    problems.forEach(function (problem, index) {
      var item = document.createElement("li");
      item.id = "problem-" + index;
      var code = document.createElement("code");
      code.textContent = problem.field || "";
      item.appendChild(code);
      item.appendChild(document.createTextNode(" (" + problem.line + "): " + problem.message));
      list.appendChild(item);
    });
    section.classList.toggle("empty", problems.length === 0);
  }

  function placeHighlight(image) {
    var box = (image.getAttribute("data-box") || "").split(" ").map(Number);
    var mark = image.parentNode.querySelector(".highlight");
    if (box.length !== 4 || !mark || box.some(isNaN)) return;
    mark.style.left = box[0] * 100 + "%";
    mark.style.top = box[1] * 100 + "%";
    mark.style.width = box[2] * 100 + "%";
    mark.style.height = box[3] * 100 + "%";
    mark.hidden = false;
  }

  function previews(id) {
    var format = document.getElementById("preview-format"), scene = document.getElementById("preview-scene");
    var out = document.getElementById("preview-out");
    function scenes() {
      getJson("/api/p/" + encodeURIComponent(id) + "/scenes?format=" + encodeURIComponent(format.value))
        .then(function (answer) {
          while (scene.options.length > 1) scene.remove(1);
          (answer.scenes || []).forEach(function (item) {
            var option = document.createElement("option");
            option.value = String(item.index);
            option.textContent = words.scene + " " + (item.index + 1) + ": " + (item.heading || item.label);
            scene.appendChild(option);
          });
        });
    }
    format.addEventListener("change", scenes);
    scenes();
    function run(what) {
      api("/api/p/" + encodeURIComponent(id) + "/preview", { format: format.value, what: what }).then(function (answer) {
        follow(answer.data.job, function (job) {
          out.textContent = "";
          if (!job.ok) return;
          if (job.result.image) {
            var image = document.createElement("img");
            image.src = job.result.image;
            image.alt = words.contact_sheet;
            out.appendChild(image);
            return;
          }
          var video = document.createElement("video");
          video.controls = true;
          video.src = job.result.video;
          video.setAttribute("data-duration", String(job.result.duration));
          var track = document.createElement("track");
          track.kind = "captions"; track.srclang = "vi"; track.label = "Tiếng Việt"; track.default = true;
          track.src = job.result.captions;
          video.appendChild(track);
          out.appendChild(video);
          video.play().catch(function () { /* the controls are there to press */ });
        });
      });
    }
    document.getElementById("preview-start").addEventListener("click", function () {
      run(scene.value === "clip" ? "clip" : Number(scene.value));
    });
    document.getElementById("storyboard").addEventListener("click", function () { run("storyboard"); });
  }


  // ---- the voice room: a teleprompter, the microphone, one key (Space) to record scene after scene
  function voice() {
    var root = document.getElementById("voice");
    if (!root) return;
    var id = root.getAttribute("data-id");
    var scenes = JSON.parse(document.getElementById("scenes").textContent);
    var picks = root.querySelectorAll(".scene-pick");
    var heading = document.getElementById("prompt-heading"), text = document.getElementById("prompt-text");
    var spokenText = document.getElementById("prompt-spoken"), state = document.getElementById("take-state");
    var warnings = document.getElementById("take-warnings"), player = document.getElementById("take");
    var recordButton = document.getElementById("record"), level = document.getElementById("level");
    var current = scenes.findIndex(function (scene) { return !scene.audio || scene.stale; });
    if (current < 0) current = 0;
    var stream = null, recorder = null, chunks = [], busy = false, meter = null;

    function sceneState(scene) {
      if (!scene.audio) return words.not_recorded;
      if (scene.stale) return "⚠ " + words.stale_take;
      return "✓ " + words.recorded + (scene.seconds ? " (" + scene.seconds.toFixed(1) + " s)" : "");
    }
    function show() {
      var scene = scenes[current];
      picks.forEach(function (pick, index) {
        pick.setAttribute("aria-current", index === current ? "step" : "false");
        pick.querySelector(".scene-state").textContent = sceneState(scenes[index]);
        pick.classList.toggle("stale", Boolean(scenes[index].stale));
        pick.classList.toggle("done", Boolean(scenes[index].audio) && !scenes[index].stale);
      });
      heading.textContent = (current + 1) + "/" + scenes.length + " · " + scene.heading;
      text.textContent = scene.text;
      spokenText.textContent = scene.spoken;
      warnings.textContent = "";
      (scene.warnings || []).forEach(function (warning) {
        var item = document.createElement("li"); item.textContent = warning; warnings.appendChild(item);
      });
      state.textContent = sceneState(scene);
      player.removeAttribute("src");
      if (scene.audio) player.src = scene.audio + "?v=" + Date.now();
    }
    function microphone() {
      if (stream) return Promise.resolve(stream);
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return Promise.reject(new Error("none"));
      return navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, autoGainControl: false,
                                                             noiseSuppression: true } })
        .then(function (opened) { stream = opened; listen(opened); return opened; });
    }
    function listen(opened) {  // the level bar: how loud the microphone hears the officer
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return;
      var context = new Context(), analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      context.createMediaStreamSource(opened).connect(analyser);
      var samples = new Float32Array(analyser.fftSize);
      meter = function () {
        analyser.getFloatTimeDomainData(samples);
        var sum = 0;
        for (var i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
        level.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
        if (recorder && recorder.state === "recording") requestAnimationFrame(meter);
      };
    }
    function start() {
      if (busy) return;
      microphone().then(function (opened) {
        chunks = [];
        recorder = new MediaRecorder(opened);
        recorder.addEventListener("dataavailable", function (event) { if (event.data.size) chunks.push(event.data); });
        recorder.addEventListener("stop", save);
        recorder.start(250);
        root.classList.add("recording");
        recordButton.textContent = "■ " + words.stop;
        state.textContent = words.recording;
        if (meter) requestAnimationFrame(meter);
      }).catch(function () { state.textContent = words.no_microphone; });
    }
    function stop() {
      if (recorder && recorder.state === "recording") recorder.stop();
    }
    function save() {
      var key = scenes[current].key, index = current;
      var blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
      root.classList.remove("recording");
      recordButton.textContent = "● " + words.record;
      level.value = 0;
      busy = true;
      state.textContent = words.saving;
      fetch("/api/p/" + encodeURIComponent(id) + "/voice/" + encodeURIComponent(key), {
        method: "POST", credentials: "same-origin", headers: { "Content-Type": blob.type.split(";")[0] }, body: blob
      }).then(function (response) { return response.json(); }).then(function (answer) {
        busy = false;
        if (!answer.ok) { state.textContent = words.not_saved + ": " + (answer.message || ""); return; }
        var scene = scenes[index];
        scene.audio = answer.audio; scene.seconds = answer.seconds; scene.warnings = answer.warnings;
        scene.stale = false;
        if (index === current && current < scenes.length - 1 && !answer.warnings.length) current += 1;
        show();
        if (index !== current) state.textContent = "✓ " + scenes[index].heading + " · " + words.recorded;
        else if (scenes.every(function (s) { return s.audio && !s.stale; })) state.textContent = words.all_recorded;
      }).catch(function () { busy = false; state.textContent = words.not_saved; });
    }
    function toggle() {
      if (recorder && recorder.state === "recording") stop(); else start();
    }
    recordButton.addEventListener("click", toggle);
    document.getElementById("play").addEventListener("click", function () { if (player.src) player.play(); });
    document.getElementById("remove").addEventListener("click", function () {
      var scene = scenes[current];
      api("/api/p/" + encodeURIComponent(id) + "/voice/" + encodeURIComponent(scene.key) + "/remove", {})
        .then(function (answer) {
          if (!answer.data.ok) return;
          scene.audio = ""; scene.seconds = null; scene.warnings = []; scene.stale = false;
          show();
        });
    });
    picks.forEach(function (pick) {
      pick.addEventListener("click", function () {
        if (recorder && recorder.state === "recording") return;
        current = Number(pick.getAttribute("data-index")); show();
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.target.closest && event.target.closest("input, textarea, select, audio")) return;
      if (event.key === " " || event.code === "Space") { event.preventDefault(); if (!event.repeat) toggle(); }
      else if ((event.key === "p" || event.key === "P") && player.src) { event.preventDefault(); player.play(); }
      else if (event.key === "ArrowDown" && current < scenes.length - 1 && !(recorder && recorder.state === "recording")) {
        event.preventDefault(); current += 1; show();
      } else if (event.key === "ArrowUp" && current > 0 && !(recorder && recorder.state === "recording")) {
        event.preventDefault(); current -= 1; show();
      }
    });
    document.addEventListener("keyup", function (event) {  // a focused button must not click on Space too
      if ((event.key === " " || event.code === "Space") && !(event.target.closest &&
          event.target.closest("input, textarea, select, audio"))) event.preventDefault();
    });
    show();
  }

  board();
  editor();
  voice();
})();
