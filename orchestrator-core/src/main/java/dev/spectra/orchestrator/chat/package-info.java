/**
 * Helpers for LangChain4j chat models: {@link dev.spectra.orchestrator.chat.ForwardingChatModel}, the base of every
 * model wrapper (recording, timing, retrying, fault injection) that keeps the wrapped model's name and fires its
 * listeners once.
 */
package dev.spectra.orchestrator.chat;
