package com.example.hello;

import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/** Greets the world, or someone by name. */
@RestController
public class HelloController {
  private static final Logger LOG = LoggerFactory.getLogger(HelloController.class);
  private final ObjectMapper mapper;

  /** Takes the service's JSON mapper, to log the requests it answers. */
  public HelloController(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The greeting of the world. */
  @GetMapping("/")
  public Greeting hello() {
    return new Greeting("Hello, World!");
  }

  /** Greets someone by name; a blank name answers 400. */
  @PostMapping("/greetings")
  public ResponseEntity<Greeting> greet(@Valid @RequestBody GreetingRequest request) {
    LOG.info("greeting {}", mapper.writeValueAsString(request));
    return ResponseEntity.status(HttpStatus.CREATED).body(new Greeting("Hello, " + request.name() + "!"));
  }
}
