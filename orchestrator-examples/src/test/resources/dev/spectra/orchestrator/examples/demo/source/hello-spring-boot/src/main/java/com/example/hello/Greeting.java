package com.example.hello;

/** A greeting as the service answers it. */
public record Greeting(String message) {}
