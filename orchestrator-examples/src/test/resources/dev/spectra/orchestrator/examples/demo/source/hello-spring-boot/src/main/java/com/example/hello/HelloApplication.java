package com.example.hello;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The hello-world service. */
@SpringBootApplication
public class HelloApplication {
  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(HelloApplication.class, args);
  }
}
