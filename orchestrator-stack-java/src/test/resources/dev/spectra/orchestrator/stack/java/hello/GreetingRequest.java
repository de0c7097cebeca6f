package com.example.hello;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Who to greet. */
public record GreetingRequest(@NotBlank @Size(max = 40) String name) {}
