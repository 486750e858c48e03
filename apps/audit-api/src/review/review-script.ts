/**
 * The review page's script, served from its own route so that the CSP's `script-src 'self'`
 * holds with no exception. Plain ES2017 for any browser, no build step. It keeps the API key in
 * sessionStorage (gone when the tab closes), fetches the server-rendered review with it, and
 * puts it in the page; the server escapes every value, so the markup can be taken as it comes.
 */
export const REVIEW_SCRIPT = `'use strict';
(function () {
  var STORAGE = 'onus.apiKey';
  var access = document.getElementById('access');
  var form = document.getElementById('key-form');
  var input = document.getElementById('api-key');
  var status = document.getElementById('status');
  var forget = document.getElementById('forget');
  var main = document.getElementById('review');
  var engagement = access.dataset.engagement;
  var params = new URLSearchParams();
  if (access.dataset.incident) params.set('incidentId', access.dataset.incident);
  if (access.dataset.asOf) params.set('asOf', access.dataset.asOf);
  var query = params.toString();
  var url = '/v1/engagements/' + encodeURIComponent(engagement) + '/review' + (query ? '?' + query : '');

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function storedKey() {
    try { return sessionStorage.getItem(STORAGE); } catch (e) { return null; }
  }

  function showForm() {
    access.classList.remove('has-review');
    forget.hidden = storedKey() === null;
    input.focus();
  }

  function load(key) {
    say('Loading the review…', false);
    fetch(url, { headers: { authorization: 'Bearer ' + key, accept: 'text/html' }, cache: 'no-store' })
      .then(function (response) {
        return response.text().then(function (text) { return { response: response, text: text }; });
      })
      .then(function (answer) {
        var response = answer.response;
        if (response.ok) {
          var doc = new DOMParser().parseFromString(answer.text, 'text/html');
          main.replaceChildren.apply(main, Array.prototype.slice.call(doc.body.childNodes));
          access.classList.add('has-review');
          forget.hidden = false;
          say('', false);
          var title = main.querySelector('h1');
          if (title) document.title = 'Onus review: ' + title.textContent;
          if (location.hash) {
            var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
            if (target) target.scrollIntoView();
          }
          return;
        }
        var message;
        try { message = JSON.parse(answer.text).message; } catch (e) { message = response.statusText; }
        main.replaceChildren();
        if (response.status === 401) {
          try { sessionStorage.removeItem(STORAGE); } catch (e) {}
          say('This API key was not accepted (' + message + '). Enter another.', true);
        } else if (response.status === 404) {
          say('Nothing to show with this key: ' + message + '.', true);
        } else {
          say('The review could not be shown (' + response.status + '): ' + message, true);
        }
        showForm();
      })
      .catch(function (error) {
        say('The server could not be reached: ' + error.message, true);
        showForm();
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var key = input.value.trim();
    if (!key) return;
    try { sessionStorage.setItem(STORAGE, key); } catch (e) {}
    input.value = '';
    load(key);
  });

  forget.addEventListener('click', function () {
    try { sessionStorage.removeItem(STORAGE); } catch (e) {}
    main.replaceChildren();
    say('The key is forgotten.', false);
    showForm();
  });

  var key = storedKey();
  if (key) load(key); else showForm();
})();
`;
