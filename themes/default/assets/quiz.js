/* The quiz runtime: scores quizzes in the browser; nothing leaves the device. */
