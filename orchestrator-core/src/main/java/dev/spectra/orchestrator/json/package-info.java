/**
 * Reading what models write: the lenient step of the repair ladder (DESIGN section 3).
 *
 * <ul>
 *   <li>{@link dev.spectra.orchestrator.json.ModelJson} recovers JSON from a reply (markdown fences, prose, trailing
 *       commas, comments, single quotes, unquoted keys, Python literals, missing quotes and commas, bare words,
 *       ellipses, several values, truncation...), names each repair it needed and flags those that may have changed
 *       what the model meant.
 *   <li>{@link dev.spectra.orchestrator.json.CodeReply} unwraps a file's content from a reply (one fenced block,
 *       prose discarded, truncation flagged).
 *   <li>{@link dev.spectra.orchestrator.json.ModelOutputException} is thrown when nothing can be recovered; it carries
 *       the attempts with reply excerpts cut to a safe length.
 * </ul>
 *
 * <pre>{@code
 * String reply = "Sure! Here is the plan:\n```json\n"
 *     + "{'name': 'todo', 'files': [{path: 'app.py',},], 'async': True}\n```";
 * List<ModelJson.Candidate> found = ModelJson.candidates(reply);
 * found.get(0).value();    // {"name":"todo","files":[{"path":"app.py"}],"async":true}
 * found.get(0).repairs();  // [fence, prose, single-quotes, unquoted-key, python-literal, trailing-comma]
 *
 * CodeReply.Unwrapped code = CodeReply.unwrap("Here you go:\n```py\nprint('hi')\n```\nEnjoy!", "python");
 * code.code();             // print('hi')
 * code.repairs();          // [fence, prose]
 * }</pre>
 */
package dev.spectra.orchestrator.json;
