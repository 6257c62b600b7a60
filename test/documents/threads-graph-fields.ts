import { graphql } from '../generated/gql.js';

// Codegen reads the fragment from this call; the queries below spread it by name.
graphql(`
  fragment GraphFieldsPost on Post {
    nativeId
    mediaType
    topicTag
    author {
      username
      nativeId
    }
    poll {
      options {
        text
        voteShare
      }
      totalVotes
      expiresAt
    }
    media {
      type
      url
      altText
    }
  }
`);

export const TokenAccountPostFieldsQuery = graphql(`
  query TokenAccountPostFields {
    user(platform: THREADS, id: "me") {
      posts(first: 10) {
        edges {
          node {
            ...GraphFieldsPost
          }
        }
      }
    }
  }
`);

export const UserPostFieldsQuery = graphql(`
  query UserPostFields($username: String!) {
    user(platform: THREADS, username: $username) {
      posts(first: 10) {
        edges {
          node {
            ...GraphFieldsPost
          }
        }
      }
    }
  }
`);

export const PollAndGifPostFieldsQuery = graphql(`
  query PollAndGifPostFields($pollId: ID!, $gifId: ID!) {
    poll: post(platform: THREADS, id: $pollId) {
      ...GraphFieldsPost
      replies(first: 5) {
        edges {
          cursor
        }
      }
    }
    gif: post(platform: THREADS, id: $gifId) {
      ...GraphFieldsPost
    }
  }
`);
