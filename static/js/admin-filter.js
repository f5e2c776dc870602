'use strict';
// Change list filters chosen by typing (relations/admin/filters.py): the text box becomes
// Django's admin autocomplete, and choosing a record (or clearing it) reloads the list. Without
// this script the box and its button work as a plain form.
{
    const boxes = document.querySelectorAll('.typed-filter-form input[data-autocomplete-url]');

    function enhance($, input) {
        const form = input.form;
        const select = document.createElement('select');
        select.name = input.dataset.param;
        select.id = input.id;
        select.className = 'typed-filter-select';
        select.setAttribute('aria-label', input.labels.length ? input.labels[0].textContent : input.placeholder);
        const empty = document.createElement('option');
        empty.value = '';
        select.append(empty);
        if (input.dataset.chosenKey) {
            select.append(new Option(input.dataset.chosenText, input.dataset.chosenKey, true, true));
        }
        // The typed words are not sent with a choice: the key says it all.
        input.replaceWith(select);
        const button = form.querySelector('button[type=submit]');
        if (button) {
            button.hidden = true;
        }
        $(select).select2({
            width: '100%',
            allowClear: true,
            placeholder: input.placeholder,
            ajax: {
                url: input.dataset.autocompleteUrl,
                dataType: 'json',
                delay: 200,
                data: (params) => ({
                    term: params.term,
                    page: params.page,
                    app_label: input.dataset.appLabel,
                    model_name: input.dataset.modelName,
                    field_name: input.dataset.fieldName,
                }),
            },
        });
        $(select).on('select2:select', () => form.submit());
        $(select).on('select2:clear', () => {
            const clear = form.parentElement.querySelector('.typed-filter-clear');
            if (clear) {
                window.location.href = clear.href;
            }
        });
    }

    function start() {
        const $ = django.jQuery;
        boxes.forEach((input) => enhance($, input));
    }

    if (boxes.length && window.django && django.jQuery) {
        if (django.jQuery.fn.select2) {
            start();
        } else {
            // Django's select2 attaches itself to the global jQuery: lend it the admin's.
            window.jQuery = django.jQuery;
            const script = document.createElement('script');
            script.src = boxes[0].form.dataset.select2;
            script.onload = start;
            document.head.append(script);
        }
    }
}
