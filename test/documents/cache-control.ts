import { graphql } from '../generated/gql.js';

export const FirstPostRepliesQuery = graphql(`
  query FirstPostReplies($username: String!) {
    user(platform: THREADS, username: $username) {
      username
      posts(first: 1) {
        edges {
          node {
            text
            replies(first: 5) {
              edges {
                node {
                  post {
                    text
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

export const IntrospectedQueryTypeQuery = graphql(`
  query IntrospectedQueryType {
    __schema {
      queryType {
        name
      }
    }
  }
`);

export const UserIdQuery = graphql(`
  query UserId($platform: Platform!, $username: String!) {
    user(platform: $platform, username: $username) {
      id
    }
  }
`);
