/* studykit: a forgiving check of a typed answer, as in studykit's own quiz.
   Anki compares the typed answer exactly (its comparison stays on the card). When the
   answer differs only in case, spacing, punctuation, dashes, a leading article, tone marks
   (or tone numbers), or matches another accepted answer, a line above the comparison says
   it is accepted. No double braces in this file: Anki would read them as its template
   syntax. */
var studykitTyped = (function () {
  "use strict";
  var LEADING_ARTICLE = /^(the|a|an)\s+/;
  var TONE_NUMBER = /([a-z\u00fc])[1-5](?![0-9])/g;

  function keys(text) {
    var folded = text.normalize("NFKC").toLowerCase().trim().replace(LEADING_ARTICLE, "");
    var decomposed = folded.normalize("NFD");
    var found = [];
    [decomposed, decomposed.replace(/u\u0308/g, "v")].forEach(function (variant) {
      var key = variant
        .normalize("NFKD")
        .replace(/\p{M}/gu, "")
        .normalize("NFC")
        .replace(/[^\p{L}\p{N}]+/gu, "");
      if (key && found.indexOf(key) < 0) {
        found.push(key);
      }
    });
    return found;
  }

  function typedKeys(typed) {
    var found = keys(typed);
    var lowered = typed.normalize("NFKC").toLowerCase();
    var withoutNumbers = lowered.replace(TONE_NUMBER, "$1");
    if (withoutNumbers !== lowered) {
      keys(withoutNumbers).forEach(function (key) {
        if (found.indexOf(key) < 0) {
          found.push(key);
        }
      });
    }
    return found;
  }

  /* The accepted answer the typed text stands for, or null. */
  function match(typed, answers) {
    if (!typed.trim()) {
      return null;
    }
    var typedForms = typedKeys(typed);
    for (var i = 0; i < answers.length; i += 1) {
      var forms = keys(answers[i]);
      for (var j = 0; j < forms.length; j += 1) {
        if (typedForms.indexOf(forms[j]) >= 0) {
          return answers[i].trim();
        }
      }
    }
    return null;
  }

  /* What the student typed, read from Anki's comparison: the part before the arrow. */
  function typedText(box) {
    var typed = "";
    for (var node = box.firstChild; node && node.nodeName !== "BR"; node = node.nextSibling) {
      var missed = node.classList && node.classList.contains("typeMissed");
      if (!missed) {
        typed += node.textContent;
      }
    }
    return typed;
  }

  function run(doc) {
    var box = doc.getElementById("typeans");
    var listed = doc.querySelector(".sk-answers");
    if (!box || !listed || !box.querySelector("#typearrow")) {
      return null; /* nothing typed, or typed exactly: Anki says so itself */
    }
    var accepted = match(typedText(box), listed.textContent.split("; "));
    if (accepted === null) {
      return null;
    }
    var line = doc.createElement("div");
    line.className = "sk-forgiven";
    line.textContent =
      "\u2713 Accepted as \u201c" + accepted + "\u201d (case, spacing, punctuation, " +
      "dashes and tone marks do not count)";
    box.parentNode.insertBefore(line, box);
    box.classList.add("sk-forgiven-box");
    return accepted;
  }

  return { keys: keys, match: match, typedText: typedText, run: run };
})();

if (typeof document !== "undefined") {
  studykitTyped.run(document);
}
