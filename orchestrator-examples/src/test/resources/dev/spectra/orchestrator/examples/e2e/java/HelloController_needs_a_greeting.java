package com.example.hello;

import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Greets the world, or someone by name, with the configured greeting. */
@RestController
public class HelloController {
  private static final Logger LOG = LoggerFactory.getLogger(HelloController.class);
  private final String greeting;

  /** Takes the greeting from {@code hello.greeting}; without one the service has nothing to say. */
  public HelloController(@Value("${hello.greeting:}") String greeting) {
    if (greeting.isBlank()) {
      throw new IllegalStateException("hello.greeting is not set: the service has nothing to say");
    }
    this.greeting = greeting;
  }

  /** The greeting of the world. */
  @GetMapping("/")
  public Greeting hello() {
    return new Greeting(greeting + ", World!");
  }

  /** Greets someone by name; a blank name answers 400. */
  @PostMapping("/greetings")
  public ResponseEntity<Greeting> greet(@Valid @RequestBody GreetingRequest request) {
    LOG.info("greeting {}", request.name());
    return ResponseEntity.status(HttpStatus.CREATED).body(new Greeting(greeting + ", " + request.name() + "!"));
  }
}
