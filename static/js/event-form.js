/* The event form, quicker with a script (it works without one: the server fills the same blanks
   when it saves).

   - Each inline keeps one blank row: filling the last row adds the next.
   - Choosing an official proposes their nationality as the participant's side.
   - A participant's side proposes that country among the countries involved: the host if it is
     the place's country; for a visit, the other countries come as visitors, and the participants
     as host and guest.
   - A pledge's parties are ticked among the countries involved, as they are chosen, and its
     source among the event's (the first proposed).

   Select2 (the admin's autocomplete) reports its changes through jQuery, so the handlers are
   jQuery's (django.jQuery). */
"use strict";
// Loaded in the page's head, with the admin's own scripts: it starts once the form is there.
document.addEventListener("DOMContentLoaded", () => {
    const $ = window.django && window.django.jQuery;
    const form = document.getElementById("event_form");
    if (!$ || !form) {
        return;
    }

    function rows(prefix) {
        return Array.from(document.querySelectorAll(`#${prefix}-group tr.form-row:not(.empty-form)`));
    }

    function addRow(prefix) {
        const link = document.querySelector(`#${prefix}-group .add-row a`);
        if (!link) {
            return null;
        }
        link.click();
        const all = rows(prefix);
        return all[all.length - 1];
    }

    function field(row, name) {
        return row && row.querySelector(`[name$="-${name}"]`);
    }

    // Sets a select (an autocomplete's too) to a value, adding the option if it is not there.
    function choose(select, value, text) {
        if (!Array.from(select.options).some((option) => option.value === value)) {
            select.add(new Option(text, value, false, false));
        }
        $(select).val(value).trigger("change");
    }

    function setIfUntouched(select, value) {
        if (select && !select.dataset.touched && select.value !== value) {
            select.value = value;
            $(select).trigger("change");
        }
    }

    function placeCountry() {
        const select = form.querySelector("#id_place_country");
        return select ? select.value : "";
    }

    function isVisit() {
        const kind = form.querySelector("#id_kind");
        const option = kind && kind.selectedOptions[0];
        return Boolean(option && /visit/i.test(option.textContent));
    }

    function kept(row) {
        const remove = field(row, "DELETE");
        return !(remove && remove.checked);
    }

    // The countries involved, code to name, in row order.
    function countriesInvolved() {
        const found = new Map();
        for (const row of rows("event_countries")) {
            const select = field(row, "country");
            if (select && select.value && kept(row)) {
                found.set(select.value, select.selectedOptions[0].textContent.trim());
            }
        }
        return found;
    }

    function proposeCountry(code, name) {
        if (!code || countriesInvolved().has(code)) {
            return;
        }
        const blank = rows("event_countries").find((row) => !field(row, "country").value);
        const row = blank || addRow("event_countries");
        if (!row) {
            return;
        }
        const place = placeCountry();
        let role = null;
        if (code === place) {
            role = "host";
        } else if (place && isVisit()) {
            role = "visitor";
        }
        if (role) {
            setIfUntouched(field(row, "role"), role);
        }
        choose(field(row, "country"), code, name);
    }

    function proposeRole(row) {
        const side = field(row, "side");
        const role = field(row, "role");
        const place = placeCountry();
        if (side && side.value && role && role.value === "delegate" && place && isVisit()) {
            setIfUntouched(role, side.value === place ? "host" : "guest");
        }
    }

    // A pledge row's party boxes: one per country involved, those already there kept as they are.
    function syncParties() {
        const countries = countriesInvolved();
        const boxes = document.querySelectorAll("#pledges-group td.field-parties > div[id]");
        for (const box of boxes) {
            const name = box.id.replace(/^id_/, "");
            const present = new Set(Array.from(box.querySelectorAll("input")).map((input) => input.value));
            for (const [code, label] of countries) {
                if (present.has(code)) {
                    continue;
                }
                const index = box.querySelectorAll("input").length;
                const input = document.createElement("input");
                input.type = "checkbox";
                input.name = name;
                input.value = code;
                input.id = `${box.id}_${index}`;
                input.className = "pledge-parties";
                const text = document.createElement("label");
                text.htmlFor = input.id;
                text.append(input, ` ${label}`);
                const item = document.createElement("div");
                item.append(text);
                box.append(item);
            }
        }
    }

    // A pledge row's source: one of the sources cited for the event, the first one proposed.
    function syncSources() {
        const cited = new Map();
        for (const row of rows("citations")) {
            const select = field(row, "source");
            if (select && select.value && kept(row)) {
                cited.set(select.value, select.selectedOptions[0].textContent.trim());
            }
        }
        for (const row of rows("pledges")) {
            const select = field(row, "source");
            const title = field(row, "title");
            if (!select) {
                continue;
            }
            const present = new Set(Array.from(select.options).map((option) => option.value));
            for (const [id, label] of cited) {
                if (!present.has(id)) {
                    select.add(new Option(label, id));
                }
            }
            const [first] = cited.keys();
            // Only in a row being filled: a blank row stays blank, and is not saved.
            if (first && title && title.value && !select.value && !select.dataset.touched) {
                select.value = first;
            }
        }
    }

    async function proposeSide(row) {
        const official = field(row, "official");
        const side = field(row, "side");
        if (!official || !official.value || !side || side.value) {
            return;
        }
        const url = new URL(official.dataset.sidesUrl, window.location.href);
        url.searchParams.set("official", official.value);
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) {
            return;
        }
        const nationality = (await response.json())[official.value];
        if (nationality && !side.value) {
            choose(side, nationality.id, nationality.text);
        }
    }

    // A person's own choice is never overwritten by a proposal.
    form.addEventListener("input", (event) => {
        if (event.target.matches("select")) {
            event.target.dataset.touched = "1";
        }
    });

    $(form).on("change", ".inline-group tr.form-row:not(.empty-form) :input", function () {
        if (this.name.endsWith("-DELETE") || !this.value || (this.type === "checkbox" && !this.checked)) {
            return;
        }
        const row = this.closest("tr.form-row");
        const prefix = row.closest(".inline-group").id.replace(/-group$/, "");
        const all = rows(prefix);
        if (row === all[all.length - 1]) {
            addRow(prefix);
        }
    });

    $(form).on("change", "#participants-group select[name$='-official']", function () {
        proposeSide(this.closest("tr.form-row"));
    });

    $(form).on("change", "#participants-group select[name$='-side']", function () {
        if (this.value) {
            proposeCountry(this.value, this.selectedOptions[0].textContent.trim());
            proposeRole(this.closest("tr.form-row"));
        }
    });

    $(form).on("change", "#event_countries-group select[name$='-country']", syncParties);
    $(form).on("change", "#event_countries-group input[name$='-DELETE']", syncParties);
    $(form).on("change", "#citations-group select[name$='-source']", syncSources);
    $(form).on("change", "#pledges-group input[name$='-title']", syncSources);
    $(form).on("change", "#citations-group input[name$='-DELETE']", syncSources);
    document.addEventListener("formset:added", (event) => {
        if (event.detail && event.detail.formsetName === "pledges") {
            syncParties();
            syncSources();
        }
    });
});
