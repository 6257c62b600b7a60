import { graphql } from '../generated/gql.js';

export const DuplicateFetchesQuery = graphql(`
  query Duplicates {
    a: user(platform: THREADS, username: "zuck") {
      posts(first: 5) {
        edges {
          node {
            id
            author {
              posts(first: 5) {
                edges {
                  node {
                    id
                  }
                }
              }
            }
          }
        }
      }
    }
    b: user(platform: THREADS, username: "zuck") {
      ...DuplicatesTimeline
    }
    c: user(platform: THREADS, username: "Zuck") {
      ...DuplicatesTimeline
      ...DuplicatesAgain
    }
  }

  fragment DuplicatesTimeline on User {
    posts(first: 5) {
      edges {
        node {
          id
          text
        }
      }
    }
  }

  fragment DuplicatesAgain on User {
    username
    posts(first: 5) {
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const UsersAndPostAuthorQuery = graphql(`
  query UsersAndPostAuthor($usernames: [String!]!, $postId: ID!) {
    users(platform: THREADS, usernames: $usernames) {
      username
      followerCount
    }
    post(platform: THREADS, id: $postId) {
      author {
        fullName
        followerCount
      }
      quotedPost {
        id
      }
    }
  }
`);

export const UserFullNameAndPostIdsQuery = graphql(`
  query UserFullNameAndPostIds($platform: Platform!, $username: String!, $first: Int!) {
    user(platform: $platform, username: $username) {
      fullName
      posts(first: $first) {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);
