package com.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest
@AutoConfigureMockMvc
class HelloControllerTest {
  private final MockMvc mvc;

  HelloControllerTest(@Autowired MockMvc mvc) {
    this.mvc = mvc;
  }

  private static Map<String, String> fields(String json) {
    Map<String, String> out = new HashMap<>();
    Matcher m = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void greetsTheWorld() throws Exception {
    String body = mvc.perform(get("/")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    String greeting = fields(body).get("greeting");
    System.err.println(greeting);
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
