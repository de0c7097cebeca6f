package com.example.hello;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(properties = "hello.greeting=Hello")
@AutoConfigureMockMvc
class HelloControllerTest {
  private final MockMvc mvc;

  HelloControllerTest(@Autowired MockMvc mvc) {
    this.mvc = mvc;
  }

  @Test
  void greetsTheWorld() throws Exception {
    mvc.perform(get("/")).andExpect(status().isOk()).andExpect(jsonPath("$.message").value("Hello, World!"));
  }

  @Test
  void greetsByName() throws Exception {
    mvc.perform(post("/greetings").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"Ada\"}"))
        .andExpect(status().isCreated()).andExpect(jsonPath("$.message").value("Hello, Ada!"));
  }

  @Test
  void refusesABlankName() throws Exception {
    mvc.perform(post("/greetings").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"\"}"))
        .andExpect(status().isBadRequest());
  }

  @Test
  void healthIsUp() throws Exception {
    mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
  }
}
